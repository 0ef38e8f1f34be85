import assert from "assert"
import * as marshal from "./marshal"

export class RatioCheck {
    private _name!: string
    private _passed!: boolean
    private _blocking!: boolean
    private _detail!: string

    constructor(props?: Partial<Omit<RatioCheck, 'toJSON'>>, json?: any) {
        Object.assign(this, props)
        if (json != null) {
            this._name = marshal.string.fromJSON(json.name)
            this._passed = marshal.boolean.fromJSON(json.passed)
            this._blocking = marshal.boolean.fromJSON(json.blocking)
            this._detail = marshal.string.fromJSON(json.detail)
        }
    }

    get name(): string {
        assert(this._name != null, 'uninitialized access')
        return this._name
    }

    set name(value: string) {
        this._name = value
    }

    get passed(): boolean {
        assert(this._passed != null, 'uninitialized access')
        return this._passed
    }

    set passed(value: boolean) {
        this._passed = value
    }

    get blocking(): boolean {
        assert(this._blocking != null, 'uninitialized access')
        return this._blocking
    }

    set blocking(value: boolean) {
        this._blocking = value
    }

    get detail(): string {
        assert(this._detail != null, 'uninitialized access')
        return this._detail
    }

    set detail(value: string) {
        this._detail = value
    }

    toJSON(): object {
        return {
            name: this.name,
            passed: this.passed,
            blocking: this.blocking,
            detail: this.detail,
        }
    }
}
