import * as fs from 'fs'
import * as path from 'path'
import { Manifest } from '@subsquid/manifest'
import { PRODUCT_PARTS } from '../../src/parts'

/**
 * squid.yaml as SQD Cloud sees it: parsed and validated by SQD's own package (@subsquid/manifest,
 * the validator `sqd deploy` runs), and every command pointing at something the build produces.
 */
const root = path.resolve(__dirname, '../..')
const text = fs.readFileSync(path.join(root, 'squid.yaml'), 'utf8')

function parsed(): Manifest {
    const res = Manifest.parse(text)
    if (res.error) throw res.error
    return res.value
}

/** lib/x/y.js → src/x/y.ts, by the compiler options `npm run build` uses */
function sourceOf(built: string): string | undefined {
    const { rootDir, outDir } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions
    const m = new RegExp(`^${outDir}/(.+)\\.js$`).exec(built)
    return m ? path.join(rootDir, `${m[1]}.ts`) : undefined
}

describe('squid.yaml (SQD Cloud manifest)', () => {
    it('passes SQD\'s manifest validator with no error', () => {
        const res = Manifest.parse(text)
        expect(res.error?.message).toBeUndefined()
        expect(res.value).toBeDefined()
        // the deprecated spellings are not used (the validator still accepts them)
        expect(text).not.toMatch(/^manifestVersion:/m)
        expect(text).not.toMatch(/^\s+migrate:/m)
    })

    it('refers only to the secrets it documents, and evaluates once they are set', () => {
        const m = parsed()
        expect(m.variables(['secrets']).sort()).toEqual(['ETH_RPC', 'KUSAMA_ASSET_HUB_RPC', 'KUSAMA_RPC'])
        const secrets = { KUSAMA_RPC: 'wss://kusama.example', KUSAMA_ASSET_HUB_RPC: 'wss://asset-hub.example', ETH_RPC: 'https://eth.example' }
        const deployed = m.eval({ secrets }).toObject()
        expect(deployed.deploy!.env).toEqual({ SQUID_PROFILE_NAME: 'mainnet', ...secrets })
    })

    it('runs every command from something the build or the dependencies provide', () => {
        const deploy = parsed().toObject().deploy!
        const cmds: [string, string[]][] = [
            ['init', (deploy.init || undefined)?.cmd ?? []],
            ...deploy.processor.map((p): [string, string[]] => [`processor ${p.name}`, p.cmd ?? []]),
            ['api', deploy.api?.cmd ?? []],
        ]
        expect(cmds.map(([, cmd]) => cmd.length > 0)).not.toContain(false)
        for (const [where, [bin, ...args]] of cmds) {
            if (bin === 'node') {
                const at = args.findIndex(a => !a.startsWith('-'))
                const script = args[at]
                expect([where, args.slice(0, at)]).toEqual([where, []])   // node flags go in NODE_OPTIONS (the script's own flags follow it)
                const src = sourceOf(script)
                expect([where, script, src && fs.existsSync(path.join(root, src))]).toEqual([where, script, true])
            } else {
                expect([where, bin]).toEqual([where, 'npx'])
                expect([where, args[0], fs.existsSync(path.join(root, 'node_modules/.bin', args[0]))]).toEqual([where, args[0], true])
            }
        }
        // what the npx command and the API load: the migrations, and the custom resolvers (lib/server-extension/resolvers)
        expect(fs.readdirSync(path.join(root, 'db/migrations')).some(f => f.endsWith('.js'))).toBe(true)
        expect(fs.existsSync(path.join(root, 'src/server-extension/resolvers/index.ts'))).toBe(true)
    })

    it('runs the parts of src/parts.ts, each processor once, with the same node flags and API arguments', () => {
        const m = parsed().toObject()
        const processors = PRODUCT_PARTS.filter(p => p.name !== 'api')
        expect(m.deploy!.processor.map(p => [p.name, p.cmd])).toEqual(processors.map(p => [p.name, ['node', p.entry, ...(p.args ?? [])]]))
        for (const part of processors) {
            const env = m.deploy!.processor.find(p => p.name === part.name)!.env ?? {}
            expect([part.name, env.NODE_OPTIONS]).toEqual([part.name, part.nodeArgs?.join(' ')])
        }
        const api = PRODUCT_PARTS.find(p => p.name === 'api')!
        expect(m.deploy!.api!.cmd).toEqual(['node', api.entry, ...api.args!])
    })

    it('scales the API out as replicas; processors have no replica setting', () => {
        const scale = parsed().toObject().scale!
        expect(scale.dedicated).toBe(true)
        expect(scale.api?.replicas).toBeGreaterThanOrEqual(2)
        expect(Object.keys(scale.processor ?? {})).not.toContain('replicas')
    })
})
