import { ProtoWriter } from './protobuf';

/** ONNX opset the exported graphs use; onnxruntime 1.17 and later run it. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;
const FLOAT = 1;
const INT64 = 7;

export type Attribute = number | string | readonly number[] | { float: number };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: Record<string, Attribute>;
}

interface Initializer {
  name: string;
  dims: readonly number[];
  type: typeof FLOAT | typeof INT64;
  raw: Uint8Array;
}

/** Float32 input and output of a graph; `null` dims are symbolic ('batch'). */
export interface ValueInfo {
  name: string;
  dims: readonly (number | null)[];
}

/**
 * An ONNX graph built node by node and serialised as a ModelProto (onnx.proto field numbers),
 * so the trainer can hand a network to onnxruntime without Python or a converter package.
 */
export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly names = new Set<string>();

  /** A name not used yet in this graph, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  floats(base: string, dims: readonly number[], values: Float32Array): string {
    if (values.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new Error(`initializer ${base}: ${values.length} values for dims [${dims.join(', ')}]`);
    }
    const name = this.fresh(base);
    const copy = new Float32Array(values);
    this.initializers.push({ name, dims, type: FLOAT, raw: new Uint8Array(copy.buffer) });
    return name;
  }

  int64s(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    const raw = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], type: INT64, raw: new Uint8Array(raw.buffer) });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(op: string, inputs: readonly string[], name: string, attributes?: Record<string, Attribute>): string {
    const output = this.fresh(name);
    this.nodes.push({ op, inputs, outputs: [output], name: output, attributes });
    return output;
  }

  encode(input: ValueInfo, output: ValueInfo, graphName: string): Uint8Array {
    return new ProtoWriter()
      .int(1, IR_VERSION)
      .string(2, 'neuroloop')
      .message(7, (g) => {
        for (const n of this.nodes) g.message(1, (w) => writeNode(w, n));
        g.string(2, graphName);
        for (const t of this.initializers) {
          g.message(5, (w) => w.ints(1, t.dims).int(2, t.type).string(8, t.name).bytes(9, t.raw));
        }
        g.message(11, (w) => writeValueInfo(w, input));
        g.message(12, (w) => writeValueInfo(w, output));
      })
      .message(8, (w) => w.string(1, '').int(2, ONNX_OPSET))
      .finish();
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  w.strings(1, n.inputs).strings(2, n.outputs).string(3, n.name).string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      if (typeof value === 'string') a.bytes(4, new TextEncoder().encode(value)).int(20, 3);
      else if (typeof value === 'number') a.int(3, value).int(20, 2);
      else if ('float' in value) a.float(2, value.float).int(20, 1);
      else a.ints(8, value).int(20, 7);
    });
  }
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name).message(2, (t) =>
    t.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (d === null ? dim.string(2, 'batch') : dim.int(1, d)));
      }),
    ),
  );
}
