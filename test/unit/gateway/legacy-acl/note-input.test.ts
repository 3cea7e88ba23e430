import { readNoteInput } from '../../../../src/adapters/gateway/legacy-acl/note-input';
import { DomainError } from '../../../../src/domain/errors';

const details = async (value: unknown): Promise<Record<string, string[]>> => {
  try {
    await readNoteInput(value);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).details ?? {};
  }
  throw new Error('accepted');
};

describe('the note a member may send to legacy', () => {
  it('takes the flat form and Rails wrapped form alike', async () => {
    expect(await readNoteInput({ title: 'Check-up', body: 'All well\nNext week', patient_id: 3 })).toMatchObject({ title: 'Check-up', patient_id: 3 });
    expect(await readNoteInput({ note: { title: 't', body: 'b', patient_id: '12' } })).toMatchObject({ patient_id: '12' });
    expect(await readNoteInput({ title: 't', body: 'b', patient_id: 1, staff_id: 28 })).toMatchObject({ staff_id: 28 });
    expect(await readNoteInput({ title: 't', body: 'b', patient_id: 1, staff_id: null })).toMatchObject({ staff_id: null });
  });

  it('refuses a wrapper mixed with flat fields rather than guessing which one legacy would read', async () => {
    expect(await details({ note: {}, title: 't', body: 'b', patient_id: 3 })).toHaveProperty('note');
    expect(await details({ note: { title: 't', body: 'b', patient_id: 1 }, staff_id: 28 })).toHaveProperty('note');
  });

  it('refuses fields it does not know, by name', async () => {
    expect(await details({ title: 't', body: 'b', patient_id: 1, author: 'someone' })).toEqual({ author: ['is not an accepted field'] });
    expect(await details({ title: 't', body: 'b', patient_id: 1, __proto__x: 1 })).toHaveProperty('__proto__x');
  });

  it('checks every field: text, blank, control and bidirectional characters, ids', async () => {
    expect(Object.keys(await details({ title: ' ', body: 1, patient_id: 0 })).sort()).toEqual(['body', 'patient_id', 'title']);
    expect(await details({ title: 'a\u202eb', body: 'b', patient_id: 1 })).toHaveProperty('title');
    expect(await details({ title: 't', body: 'b\u0000', patient_id: 1 })).toHaveProperty('body');
    expect(await details({ title: 'x'.repeat(256), body: 'b', patient_id: 1 })).toHaveProperty('title');
    expect(await details({ title: 't', body: 'b', patient_id: '01' })).toHaveProperty('patient_id');
    expect(await details({ title: 't', body: 'b', patient_id: 2 ** 53 })).toHaveProperty('patient_id');
    expect(await details({ title: 't', body: 'b', patient_id: 1, staff_id: { id: 28 } })).toHaveProperty('staff_id');
    expect(await details({ title: 't', body: 'b', patient_id: 1, staff_id: [28, 29] })).toHaveProperty('staff_id');
  });

  it('refuses anything but an object', async () => {
    for (const value of [null, [], 'note', 3]) expect(await details(value)).toHaveProperty('body');
  });
});
