export * as staking from './staking/calls'
