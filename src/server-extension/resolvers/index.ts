import 'reflect-metadata'
// @subsquid/graphql-server loads custom resolvers from lib/server-extension/resolvers: they live in src/api.
export { RatioResolver } from '../../api/ratio-resolver'
export { QueueResolver } from '../../api/queue-resolver'
export { DepositResolver } from '../../api/deposit-resolver'
export { AccountResolver } from '../../api/account-resolver'
export { RewardsResolver } from '../../api/rewards-resolver'
export { StatusResolver } from '../../api/status-resolver'
export { NotaryResolver } from '../../api/notary-resolver'
