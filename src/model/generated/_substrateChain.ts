export enum SubstrateChain {
    KUSAMA = "KUSAMA",
    KUSAMA_ASSET_HUB = "KUSAMA_ASSET_HUB",
}
