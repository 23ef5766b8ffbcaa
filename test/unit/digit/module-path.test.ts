// The `{module}` path segment of DIGIT's collection routes: a business-service code from the config or
// from DIGIT itself never makes a path that resolves elsewhere.
import { DigitCallError } from '../../../src/core/ports';
import { searchPath } from '../../../src/digit/collection';
import { workflowPath } from '../../../src/digit/workflow';

test('well-formed codes make the module path', () => {
  expect(searchPath('PT')).toBe('/collection-services/payments/PT/_search');
  expect(searchPath('OTHER.Misc_Challans')).toBe('/collection-services/payments/OTHER.Misc_Challans/_search');
  expect(workflowPath('WS')).toBe('/collection-services/payments/WS/_workflow');
});

test.each(['..', '.', '', 'PT/..', '../PT', 'PT.', '.PT', 'A..B', 'P T', 'PT%2F..', 'PT?x=1', 'X'.repeat(65)])('%j is refused before anything is sent', (code) => {
  for (const build of [searchPath, workflowPath]) {
    let thrown: unknown;
    try {
      build(code);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DigitCallError);
    expect(thrown).toMatchObject({ kind: 'REJECTED', digitCodes: ['INVALID_BUSINESS_SERVICE'], message: expect.stringContaining('nothing sent') });
  }
});
