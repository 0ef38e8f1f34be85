export * as system from './system/storage'
export * as staking from './staking/storage'
