/** Tests run TypeScript through ts-jest (transpile only: `npm test` already type-checks with tsc).
 *  Product processes spawned by tests run the compiled code in lib/, as in production. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 120000,
}
