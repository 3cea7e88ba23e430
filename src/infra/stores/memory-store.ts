import { ContainerModule } from 'inversify';
import { InMemoryHospitalRepository } from '../../adapters/memory/in-memory-hospital-repository';
import { TOKENS } from '../tokens';
import { bindMemoryAdapters } from './bind-memory-adapters';
import { StoreModule } from './store-module';

/** HOSP_STORE=memory: everything in process memory, lost on exit. For tests, demos and quick local runs. */
export const memoryStore: StoreModule = () =>
  new ContainerModule(({ bind }) => {
    const audit = bindMemoryAdapters(bind);
    bind(TOKENS.HospitalRepository).toConstantValue(new InMemoryHospitalRepository(audit));
  });
