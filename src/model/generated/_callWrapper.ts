export enum CallWrapper {
    DIRECT = "DIRECT",
    BATCH = "BATCH",
    PROXY = "PROXY",
}
