/**
 * Child process for prefilter.test.ts (the SDK's RPC client needs dynamic imports jest cannot run):
 * reads the finalized blocks of the simulator at argv[2] through substrate-processor's own RPC data
 * source, with the requests named by argv[3] (`product`: makeProcessor's; `relations`: every
 * relation) and the pre-filter on or off (argv[4]: `on` | `off`), and prints what the handler
 * would see of each block as one JSON line, links as ids. argv[5]: the profile as JSON.
 */
import { SubstrateBatchProcessor } from '@subsquid/substrate-processor'
import { makeProcessor } from '../../src/chains/kusama/processor'
import { installPrefilter } from '../../src/chains/sdk-patches/prefilter'

const [url, requests, prefilter, profileJson] = process.argv.slice(2)

const ids = (xs: { id: string }[] | undefined) => (xs ?? []).map(x => x.id)

function described(b: any) {
    return {
        header: { height: b.header.height, hash: b.header.hash, timestamp: b.header.timestamp, specVersion: b.header.specVersion },
        events: b.events.map((e: any) => ({
            id: e.id, name: e.name, args: e.args, phase: e.phase, extrinsicIndex: e.extrinsicIndex, callAddress: e.callAddress,
            extrinsic: e.extrinsic?.id, call: e.call?.id,
        })),
        calls: b.calls.map((c: any) => ({
            id: c.id, name: c.name, args: c.args, origin: c.origin, success: c.success, address: c.address,
            extrinsic: c.extrinsic?.id, parent: c.parentCall?.id, subcalls: ids(c.subcalls), events: ids(c.events),
        })),
        extrinsics: b.extrinsics.map((x: any) => ({
            id: x.id, index: x.index, hash: x.hash, success: x.success, call: x.call?.id, subcalls: ids(x.subcalls), events: ids(x.events),
        })),
    }
}

function relationsProcessor(): object {
    const p = new SubstrateBatchProcessor()
        .setRpcEndpoint({ url })
        .setBlockRange({ from: 0 })
        .setFields({
            block: { timestamp: true }, event: { name: true, args: true, phase: true },
            extrinsic: { hash: true, success: true }, call: { name: true, args: true, origin: true, success: true },
        })
        .setTypesBundle('kusama')
        .addEvent({ name: ['Utility.ItemCompleted'], call: true, extrinsic: true })
        .addEvent({ name: ['Balances.Transfer'], stack: true })
        .addEvent({ name: ['System.ExtrinsicSuccess'] })
        .addCall({ name: ['Balances.transfer_keep_alive', 'Balances.transfer_allow_death', 'Balances.transfer'], events: true, stack: true, extrinsic: true })
        .addCall({ name: ['Staking.nominate'] })
    if (prefilter === 'on') installPrefilter(p)
    return p
}

async function main() {
    const p: any = requests === 'product'
        ? makeProcessor(JSON.parse(profileJson), { KUSAMA_PREFILTER: prefilter === 'on' ? '1' : '0' })
        : relationsProcessor()
    for await (const batch of p.getRpcDataSource().getFinalizedBlocks(p.getBatchRequests(), true)) {
        for (const b of batch.blocks) process.stdout.write(JSON.stringify(described(b), (_k, v) => typeof v === 'bigint' ? v.toString() : v) + '\n')
    }
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
