import { endMayAdmit } from './run-admission.decision';

describe('endMayAdmit', () => {
  it.each([
    { trigger: 'api' as const, limit: null, may: false, why: 'no limit counts its slot, and only a schedule gives a key' },
    { trigger: 'batch' as const, limit: null, may: false, why: 'the same for a batch item' },
    { trigger: 'api' as const, limit: 2, may: true, why: 'it held one of the limited slots' },
    { trigger: 'schedule' as const, limit: null, may: true, why: "a schedule's run may hold its concurrency key" },
  ])('$trigger run, limit $limit: $may ($why)', ({ trigger, limit, may }) => {
    // ARRANGE / ACT / ASSERT
    expect(endMayAdmit({ trigger }, limit)).toBe(may);
  });
});
