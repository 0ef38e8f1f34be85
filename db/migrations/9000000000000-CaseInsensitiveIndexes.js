// Expression indexes the model cannot state (`@index` names columns, not lower(column)): an Ethereum
// account's history and summary match addresses case-insensitively (bench/api, BENCHMARKS.md "API under
// load"; test/api/query-plans.test.ts proves the plans use them). The timestamp is far ahead on purpose:
// `npm run schema` regenerates the *-Data.js migration with the time it runs, and these must follow it.
module.exports = class CaseInsensitiveIndexes9000000000000 {
    name = 'CaseInsensitiveIndexes9000000000000'

    async up(db) {
        await db.query(`CREATE INDEX "IDX_unstake_request_lower_eth_account" ON "unstake_request" (lower("eth_account"))`)
        await db.query(`CREATE INDEX "IDX_claim_lower_account" ON "claim" (lower("account"))`)
        await db.query(`CREATE INDEX "IDX_bond_transfer_lower_from" ON "bond_transfer" (lower("from"))`)
        await db.query(`CREATE INDEX "IDX_bond_transfer_lower_to" ON "bond_transfer" (lower("to"))`)
    }

    async down(db) {
        await db.query(`DROP INDEX "public"."IDX_unstake_request_lower_eth_account"`)
        await db.query(`DROP INDEX "public"."IDX_claim_lower_account"`)
        await db.query(`DROP INDEX "public"."IDX_bond_transfer_lower_from"`)
        await db.query(`DROP INDEX "public"."IDX_bond_transfer_lower_to"`)
    }
}
