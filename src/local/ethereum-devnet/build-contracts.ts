/** `node lib/local/ethereum-devnet/build-contracts.js` — compile contracts/ and refresh abi/. */
import { compileContracts, writeAbis } from './compile'

if (require.main === module) {
    const t = Date.now()
    const artifacts = compileContracts()
    const changed = writeAbis(artifacts)
    console.log(`compiled ${Object.keys(artifacts).join(', ')} in ${Date.now() - t} ms; ` +
        (changed.length ? `wrote ${changed.join(', ')}` : 'abi/ up to date'))
}
