import { GraphQLScalarType, Kind, ValueNode } from 'graphql'

/** A minimal JSONObject scalar (graphql-type-json is not installed): output only needs plain objects. */
export const JSONObject = new GraphQLScalarType({
    name: 'JSONObject',
    description: 'A JSON object',
    serialize(value: unknown) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('JSONObject must be an object')
        return value
    },
    parseValue(value: unknown) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('JSONObject must be an object')
        return value
    },
    parseLiteral(ast: ValueNode): unknown {
        if (ast.kind !== Kind.OBJECT) throw new TypeError('JSONObject must be an object literal')
        return literal(ast)
    },
})

function literal(ast: ValueNode): unknown {
    switch (ast.kind) {
        case Kind.STRING: case Kind.BOOLEAN: return ast.value
        case Kind.INT: case Kind.FLOAT: return Number(ast.value)
        case Kind.NULL: return null
        case Kind.LIST: return ast.values.map(literal)
        case Kind.OBJECT: return Object.fromEntries(ast.fields.map(f => [f.name.value, literal(f.value)]))
        default: throw new TypeError('variables are not supported inside JSONObject literals')
    }
}
