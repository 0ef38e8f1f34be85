export * as balances from './balances/events'
export * as transactionPayment from './transaction-payment/events'
export * as staking from './staking/events'
