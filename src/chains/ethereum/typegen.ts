/**
 * Regenerates the typed decoders in src/chains/ethereum/abi from the committed ABI arrays in abi/
 * with @subsquid/evm-typegen (overloaded events such as TokensBurned are keyed by full signature):
 *
 *     node lib/chains/ethereum/typegen.js        (after `npm run build`)
 *
 * which runs `squid-evm-typegen --clean src/chains/ethereum/abi abi/PolkadotPool.json abi/aKSMb.json`.
 */
import { execFileSync } from 'child_process'
import * as path from 'path'

const root = path.resolve(__dirname, '../../..')
const bin = path.join(root, 'node_modules', '.bin', 'squid-evm-typegen')
execFileSync(bin, ['--clean', 'src/chains/ethereum/abi', 'abi/PolkadotPool.json', 'abi/aKSMb.json'], { cwd: root, stdio: 'inherit' })
