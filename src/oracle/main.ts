import { Client } from 'pg'
import { loadProfile } from '../config/profile'
import { pgConfig } from '../db/connection'
import { decodeAnySs58, encodeKusamaAddress } from '../domain/kusama-address'
import { DEFAULT_CORE_SETTINGS, RatioReport } from './core'
import { OracleMetrics } from './worker/metrics'
import { applyPolicy } from './worker/policy'
import { LiveQueueWriter } from './worker/store'
import { reservesReaders } from './worker/reserves-readers'
import { rereadReadings } from './worker/reread'
import { closePeriods, verifyStoredReports, WorkerConfig, WorkerMemory } from './worker/worker'
import { ClaimLifecycle, NotaryMetrics } from '../notary/lifecycle'
import { Notary } from '../notary/notary'

/**
 * node lib/oracle/main.js            the worker: closes periods as both chains finalize, refreshes the live queue
 * node lib/oracle/main.js verify     recomputes every stored period from scratch; exit 1 unless byte-identical
 *                                    (--reread: also reads every stored reserves reading again from the chains)
 */
function config(): WorkerConfig {
    const p = loadProfile()
    const kusama = (a: string) => encodeKusamaAddress(decodeAnySs58(a).publicKey)
    const poolAccounts = [...p.kusama.depositAddresses, ...p.kusama.stashes, ...p.kusama.otherPoolAccounts].map(kusama)
    return {
        settings: { ...DEFAULT_CORE_SETTINGS, feeBps: p.oracle.feeBps, periodSeconds: p.oracle.periodSeconds, maxApr: p.oracle.maxApr,
            releasePeriodSeconds: p.oracle.releasePeriodSeconds, minStakePlanck: p.oracle.minStakePlanck },
        liquidity: { poolAccounts },
        reserves: reservesReaders(p, poolAccounts),
        relayEndBlock: p.kusamaAssetHub ? p.kusama.endBlock : undefined,
    }
}

async function connect(): Promise<Client> {
    const db = new Client(pgConfig())
    await db.connect()
    return db
}

async function verify(reread: boolean): Promise<number> {
    const db = await connect()
    try {
        const cfg = config()
        const v = await verifyStoredReports(db, cfg)
        for (const m of v.mismatches) console.log(`MISMATCH ${m.period}\n  stored:     ${m.stored}\n  recomputed: ${m.recomputed}`)
        console.log(`${v.periods} stored periods recomputed from scratch: ${v.mismatches.length === 0 ? 'byte-identical' : `${v.mismatches.length} differ`}`)
        console.log(`${v.deposits} deposit outcomes up to the live watermark recomputed`)
        let rereadMismatches = 0
        if (reread) {
            if (!cfg.reserves) throw new Error('verify --reread needs the chain readers (ORACLE_RESERVES is 0)')
            const r = await rereadReadings(db, cfg.reserves)
            for (const m of r.mismatches) console.log(`MISMATCH reading ${m.id}\n  stored: ${m.stored}\n  reread: ${m.reread}`)
            console.log(`${r.readings} reserves readings re-read from the chains: ${r.mismatches.length === 0 ? 'byte-identical' : `${r.mismatches.length} differ`}`)
            rereadMismatches = r.mismatches.length
        }
        return v.mismatches.length === 0 && rereadMismatches === 0 ? 0 : 1
    } finally {
        await db.end()
    }
}

async function work(): Promise<never> {
    const cfg = config()
    const db = await connect()
    const metrics = new OracleMetrics()
    const port = Number(process.env.PROMETHEUS_PORT ?? 0)
    if (port) metrics.serve(port)
    const pollMs = Number(process.env.ORACLE_POLL_MS ?? 500)
    let latest: RatioReport | null = null
    const memory: WorkerMemory = { live: new LiveQueueWriter() }
    const claims = new ClaimLifecycle({ metrics: new NotaryMetrics(metrics.registry) })
    // the single issuer of Ledger-remark claims (SPEC §4.15): needs the notary key (NOTARY_KEY) like the API
    const notary = Notary.fromEnv()
    const policy = await applyPolicy(db, cfg.settings, new Date())
    if (policy.changed) {
        console.log(JSON.stringify({ level: 'WARN', msg: 'core settings changed: every oracle table is recomputed from the finalized events', from: policy.from, to: policy.to }))
    }
    for (;;) {
        // notary claims: CLAIMED / EXPIRED / FOREIGN_CLAIM from finalized Ethereum rows (SPEC §4.10)
        await claims.run(db).catch(e => console.error(`claim lifecycle failed (retried next loop): ${e?.stack ?? e}`))
        const progress = await closePeriods(db, cfg, r => {
            latest = r
            console.log(JSON.stringify({ msg: 'period closed', period: r.label, ratio: r.ratio.toString(), publishable: r.publishable }))
        }, memory)
        // after closePeriods: a remark is decided against the credits of every deposit final by now
        await notary.issueRemarkClaims().catch(e => console.error(`Ledger remark claims failed (retried next loop): ${e?.stack ?? e}`))
        metrics.update(progress, latest, Date.now())
        await new Promise(r => setTimeout(r, pollMs))
    }
}

const command = process.argv[2]
if (command === 'verify') {
    verify(process.argv.includes('--reread')).then(code => process.exit(code), e => {
        console.error(e)
        process.exit(1)
    })
} else if (command === undefined) {
    work().catch(e => {
        console.error(`oracle worker stopped: ${e?.stack ?? e}`)
        process.exit(1)
    })
} else {
    console.error('usage: node lib/oracle/main.js [verify]')
    process.exit(2)
}
