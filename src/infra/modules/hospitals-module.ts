import { ContainerModule } from 'inversify';
import { HospitalsApiUseCases } from '../../adapters/http/hospitals-api';
import { CreateHospital } from '../../application/hospitals/create-hospital';
import { DeleteHospital } from '../../application/hospitals/delete-hospital';
import { GetHospital } from '../../application/hospitals/get-hospital';
import { ListHospitals } from '../../application/hospitals/list-hospitals';
import { UpdateHospital } from '../../application/hospitals/update-hospital';
import { Clock } from '../../domain/ports/clock';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { HospitalIdAllocator } from '../../domain/ports/id-allocator';
import { TOKENS } from '../tokens';

/** The five hospital use cases together, as the HTTP handlers and the gateway take them. */
export type HospitalUseCases = Omit<HospitalsApiUseCases, 'authenticateStaff'>;

/** The hospital use cases, each bound to its own class over the store's ports, and all five as TOKENS.HospitalUseCases. */
export const hospitalsModule = new ContainerModule(({ bind }) => {
  bind(ListHospitals)
    .toResolvedValue((hospitals: HospitalRepository) => new ListHospitals(hospitals), [TOKENS.HospitalRepository])
    .inSingletonScope();
  bind(GetHospital)
    .toResolvedValue((hospitals: HospitalRepository) => new GetHospital(hospitals), [TOKENS.HospitalRepository])
    .inSingletonScope();
  bind(CreateHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, ids: HospitalIdAllocator, clock: Clock) => new CreateHospital(hospitals, ids, clock),
      [TOKENS.HospitalRepository, TOKENS.HospitalIdAllocator, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(UpdateHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, clock: Clock) => new UpdateHospital(hospitals, clock),
      [TOKENS.HospitalRepository, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(DeleteHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, clock: Clock) => new DeleteHospital(hospitals, clock),
      [TOKENS.HospitalRepository, TOKENS.Clock],
    )
    .inSingletonScope();
  bind<HospitalUseCases>(TOKENS.HospitalUseCases)
    .toResolvedValue(
      (listHospitals: ListHospitals, getHospital: GetHospital, createHospital: CreateHospital, updateHospital: UpdateHospital, deleteHospital: DeleteHospital) =>
        ({ listHospitals, getHospital, createHospital, updateHospital, deleteHospital }),
      [ListHospitals, GetHospital, CreateHospital, UpdateHospital, DeleteHospital],
    )
    .inSingletonScope();
});
