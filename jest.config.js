/** Tests run TypeScript through ts-jest (transpile only: `npm test` type-checks src, test and bench with tsc first).
 *  Product processes spawned by tests run the compiled code in lib/, as in production. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 120000,
}
