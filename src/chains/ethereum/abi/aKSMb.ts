import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    Approval: event("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", "Approval(address,address,uint256)", {"owner": indexed(p.address), "spender": indexed(p.address), "value": p.uint256}),
    OperatorChanged: event("0x4721129e0e676ed6a92909bb24e853ccdd63ad72280cc2e974e38e480e0e6e54", "OperatorChanged(address)", {"operator": p.address}),
    PoolChanged: event("0xa84ed99a050d1610bc3dddf2c220cd77842a3ab1a46664af49062a70417debdf", "PoolChanged(address)", {"pool": p.address}),
    RatioUpdate: event("0xb779c97cee7508e970bdead8c3ef0bd16f8c63dbba28fe88f7c7a56722fc564d", "RatioUpdate(uint256)", {"newRatio": p.uint256}),
    Transfer: event("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer(address,address,uint256)", {"from": indexed(p.address), "to": indexed(p.address), "value": p.uint256}),
}

export const functions = {
    allowance: viewFun("0xdd62ed3e", "allowance(address,address)", {"owner": p.address, "spender": p.address}, p.uint256),
    approve: fun("0x095ea7b3", "approve(address,uint256)", {"spender": p.address, "amount": p.uint256}, p.bool),
    balanceOf: viewFun("0x70a08231", "balanceOf(address)", {"account": p.address}, p.uint256),
    balanceToShares: viewFun("0xd8ddf18f", "balanceToShares(uint256)", {"amount": p.uint256}, p.uint256),
    burn: fun("0x9dc29fac", "burn(address,uint256)", {"account": p.address, "shares": p.uint256}, ),
    changeOperator: fun("0x06394c9b", "changeOperator(address)", {"operator_": p.address}, ),
    decimals: viewFun("0x313ce567", "decimals()", {}, p.uint8),
    decreaseAllowance: fun("0xa457c2d7", "decreaseAllowance(address,uint256)", {"spender": p.address, "subtractedValue": p.uint256}, p.bool),
    increaseAllowance: fun("0x39509351", "increaseAllowance(address,uint256)", {"spender": p.address, "addedValue": p.uint256}, p.bool),
    mint: fun("0x40c10f19", "mint(address,uint256)", {"account": p.address, "shares": p.uint256}, ),
    name: viewFun("0x06fdde03", "name()", {}, p.string),
    operator: viewFun("0x570ca735", "operator()", {}, p.address),
    pool: viewFun("0x16f0115b", "pool()", {}, p.address),
    ratio: viewFun("0x71ca337d", "ratio()", {}, p.uint256),
    setPool: fun("0x4437152a", "setPool(address)", {"pool_": p.address}, ),
    sharesOf: viewFun("0xf5eb42dc", "sharesOf(address)", {"account": p.address}, p.uint256),
    sharesToBalance: viewFun("0x53735f37", "sharesToBalance(uint256)", {"shares": p.uint256}, p.uint256),
    symbol: viewFun("0x95d89b41", "symbol()", {}, p.string),
    totalSharesSupply: viewFun("0xd50619cc", "totalSharesSupply()", {}, p.uint256),
    totalSupply: viewFun("0x18160ddd", "totalSupply()", {}, p.uint256),
    transfer: fun("0xa9059cbb", "transfer(address,uint256)", {"to": p.address, "amount": p.uint256}, p.bool),
    transferFrom: fun("0x23b872dd", "transferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "amount": p.uint256}, p.bool),
    updateRatio: fun("0xdc647e29", "updateRatio(uint256)", {"newRatio": p.uint256}, ),
}

export class Contract extends ContractBase {

    allowance(owner: AllowanceParams["owner"], spender: AllowanceParams["spender"]) {
        return this.eth_call(functions.allowance, {owner, spender})
    }

    balanceOf(account: BalanceOfParams["account"]) {
        return this.eth_call(functions.balanceOf, {account})
    }

    balanceToShares(amount: BalanceToSharesParams["amount"]) {
        return this.eth_call(functions.balanceToShares, {amount})
    }

    decimals() {
        return this.eth_call(functions.decimals, {})
    }

    name() {
        return this.eth_call(functions.name, {})
    }

    operator() {
        return this.eth_call(functions.operator, {})
    }

    pool() {
        return this.eth_call(functions.pool, {})
    }

    ratio() {
        return this.eth_call(functions.ratio, {})
    }

    sharesOf(account: SharesOfParams["account"]) {
        return this.eth_call(functions.sharesOf, {account})
    }

    sharesToBalance(shares: SharesToBalanceParams["shares"]) {
        return this.eth_call(functions.sharesToBalance, {shares})
    }

    symbol() {
        return this.eth_call(functions.symbol, {})
    }

    totalSharesSupply() {
        return this.eth_call(functions.totalSharesSupply, {})
    }

    totalSupply() {
        return this.eth_call(functions.totalSupply, {})
    }
}

/// Event types
export type ApprovalEventArgs = EParams<typeof events.Approval>
export type OperatorChangedEventArgs = EParams<typeof events.OperatorChanged>
export type PoolChangedEventArgs = EParams<typeof events.PoolChanged>
export type RatioUpdateEventArgs = EParams<typeof events.RatioUpdate>
export type TransferEventArgs = EParams<typeof events.Transfer>

/// Function types
export type AllowanceParams = FunctionArguments<typeof functions.allowance>
export type AllowanceReturn = FunctionReturn<typeof functions.allowance>

export type ApproveParams = FunctionArguments<typeof functions.approve>
export type ApproveReturn = FunctionReturn<typeof functions.approve>

export type BalanceOfParams = FunctionArguments<typeof functions.balanceOf>
export type BalanceOfReturn = FunctionReturn<typeof functions.balanceOf>

export type BalanceToSharesParams = FunctionArguments<typeof functions.balanceToShares>
export type BalanceToSharesReturn = FunctionReturn<typeof functions.balanceToShares>

export type BurnParams = FunctionArguments<typeof functions.burn>
export type BurnReturn = FunctionReturn<typeof functions.burn>

export type ChangeOperatorParams = FunctionArguments<typeof functions.changeOperator>
export type ChangeOperatorReturn = FunctionReturn<typeof functions.changeOperator>

export type DecimalsParams = FunctionArguments<typeof functions.decimals>
export type DecimalsReturn = FunctionReturn<typeof functions.decimals>

export type DecreaseAllowanceParams = FunctionArguments<typeof functions.decreaseAllowance>
export type DecreaseAllowanceReturn = FunctionReturn<typeof functions.decreaseAllowance>

export type IncreaseAllowanceParams = FunctionArguments<typeof functions.increaseAllowance>
export type IncreaseAllowanceReturn = FunctionReturn<typeof functions.increaseAllowance>

export type MintParams = FunctionArguments<typeof functions.mint>
export type MintReturn = FunctionReturn<typeof functions.mint>

export type NameParams = FunctionArguments<typeof functions.name>
export type NameReturn = FunctionReturn<typeof functions.name>

export type OperatorParams = FunctionArguments<typeof functions.operator>
export type OperatorReturn = FunctionReturn<typeof functions.operator>

export type PoolParams = FunctionArguments<typeof functions.pool>
export type PoolReturn = FunctionReturn<typeof functions.pool>

export type RatioParams = FunctionArguments<typeof functions.ratio>
export type RatioReturn = FunctionReturn<typeof functions.ratio>

export type SetPoolParams = FunctionArguments<typeof functions.setPool>
export type SetPoolReturn = FunctionReturn<typeof functions.setPool>

export type SharesOfParams = FunctionArguments<typeof functions.sharesOf>
export type SharesOfReturn = FunctionReturn<typeof functions.sharesOf>

export type SharesToBalanceParams = FunctionArguments<typeof functions.sharesToBalance>
export type SharesToBalanceReturn = FunctionReturn<typeof functions.sharesToBalance>

export type SymbolParams = FunctionArguments<typeof functions.symbol>
export type SymbolReturn = FunctionReturn<typeof functions.symbol>

export type TotalSharesSupplyParams = FunctionArguments<typeof functions.totalSharesSupply>
export type TotalSharesSupplyReturn = FunctionReturn<typeof functions.totalSharesSupply>

export type TotalSupplyParams = FunctionArguments<typeof functions.totalSupply>
export type TotalSupplyReturn = FunctionReturn<typeof functions.totalSupply>

export type TransferParams = FunctionArguments<typeof functions.transfer>
export type TransferReturn = FunctionReturn<typeof functions.transfer>

export type TransferFromParams = FunctionArguments<typeof functions.transferFrom>
export type TransferFromReturn = FunctionReturn<typeof functions.transferFrom>

export type UpdateRatioParams = FunctionArguments<typeof functions.updateRatio>
export type UpdateRatioReturn = FunctionReturn<typeof functions.updateRatio>

