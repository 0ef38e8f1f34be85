// Minimal config: Hardhat only runs the local node (`hardhat node`); contracts are compiled with the
// `solc` npm package (src/local/ethereum-devnet/compile.ts), never by Hardhat (no compiler download).
const initialDate = process.env.DEVNET_INITIAL_DATE   // ISO date of the genesis block, set by EthereumDevnet

module.exports = {
  defaultNetwork: 'hardhat',
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      mining: { auto: false, interval: 0 },
      allowBlocksWithSameTimestamp: false,
      ...(initialDate ? { initialDate } : {}),
    },
  },
}
