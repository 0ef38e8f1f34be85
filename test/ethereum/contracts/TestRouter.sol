// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

interface IBondToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// Test only: a router (or multisig) that calls the token inside its own call, so the token's
/// Transfer logs come from a transaction whose `to` is not the token and whose input says nothing
/// about the unit of those logs.
contract TestRouter {
    error StepFailed(uint256 step);
    error LengthMismatch();

    /// Runs the steps in order: kinds[i] = 0 → token.transferFrom(froms[i], tos[i], amounts[i])
    /// (needs froms[i]'s allowance to this router; Transfer in shares), 1 → token.transfer(tos[i],
    /// amounts[i]) of the router's own aKSMb (Transfer in aKSMb).
    function route(
        address token,
        uint8[] calldata kinds,
        address[] calldata froms,
        address[] calldata tos,
        uint256[] calldata amounts
    ) external {
        uint256 n = kinds.length;
        if (froms.length != n || tos.length != n || amounts.length != n) revert LengthMismatch();
        for (uint256 i = 0; i < n; i++) {
            bool ok = kinds[i] == 0
                ? IBondToken(token).transferFrom(froms[i], tos[i], amounts[i])
                : IBondToken(token).transfer(tos[i], amounts[i]);
            if (!ok) revert StepFailed(i);
        }
    }
}
