import * as tf from '@tensorflow/tfjs';
import { OnnxGraph } from './onnx-graph';

/** A layer the exporter cannot express: the caller keeps scoring with tfjs. */
export class UnsupportedLayerError extends Error {}

export interface ExportedGraph {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  /** Per image: the input's [height, width, channels] and the output's shape after the batch axis. */
  inputShape: [number, number, number];
  outputShape: number[];
}

type Conf = Record<string, unknown>;

/**
 * The part of a tfjs LayersModel from its (single) input to `output`, as an ONNX graph for
 * inference: NHWC in and out as in tfjs, NCHW inside (one transpose each way), convolutions
 * with TensorFlow's 'same' padding written as explicit pads, batch norm with its moving
 * statistics, dropout as identity. Layers it does not know raise UnsupportedLayerError.
 */
export function exportLayersToOnnx(model: tf.LayersModel, output: tf.SymbolicTensor): ExportedGraph {
  if (model.inputs.length !== 1) throw new UnsupportedLayerError('the exporter takes models with one input');
  const input = model.inputs[0];
  const [, h, w, c] = input.shape;
  if (input.shape.length !== 4 || !h || !w || !c) {
    throw new UnsupportedLayerError(`the exporter takes one fixed-size image input, not [${input.shape.join(', ')}]`);
  }
  const g = new OnnxGraph();
  const inputName = g.fresh('input');
  const nchwInput = g.node('Transpose', [inputName], 'to_nchw', { perm: [0, 3, 1, 2] });
  const visit = graphVisitor(g, new Map([[input.id, nchwInput]]));
  let last = visit(output);
  const outDims = output.shape.slice(1) as number[];
  if (outDims.some((d) => d === null)) throw new UnsupportedLayerError('the exported output must have a fixed shape');
  if (outDims.length === 3) last = g.node('Transpose', [last], 'to_nhwc', { perm: [0, 2, 3, 1] });
  const outputName = g.node('Identity', [last], 'output');
  const bytes = g.encode(
    { name: inputName, dims: [null, h, w, c] },
    { name: outputName, dims: [null, ...outDims] },
    model.name,
  );
  return { bytes, inputName, outputName, inputShape: [h, w, c], outputShape: outDims };
}

/**
 * Emits the graph that computes a symbolic tensor, given the ONNX names of the tensors already
 * known (the inputs). A nested model (a Functional layer) is emitted in place, its inputs bound
 * to the values it is applied to.
 */
function graphVisitor(g: OnnxGraph, values: Map<number, string>): (t: tf.SymbolicTensor) => string {
  const visit = (t: tf.SymbolicTensor): string => {
    const known = values.get(t.id);
    if (known) return known;
    const layer = t.sourceLayer;
    const node = layer.inboundNodes[t.nodeIndex];
    if (!node || node.outputTensors.length !== 1) {
      throw new UnsupportedLayerError(`${layer.name}: layers with several outputs are not exported`);
    }
    const inputs = node.inputTensors.map(visit);
    let out: string;
    if (layer instanceof tf.LayersModel) {
      if (layer.inputs.length !== inputs.length || layer.outputs.length !== 1) {
        throw new UnsupportedLayerError(`${layer.name}: nested models with one output only`);
      }
      out = graphVisitor(g, new Map(layer.inputs.map((x, k) => [x.id, inputs[k]])))(layer.outputs[0]);
    } else {
      out = convertLayer(g, layer, inputs, node.inputTensors);
    }
    values.set(t.id, out);
    return out;
  };
  return visit;
}

function convertLayer(g: OnnxGraph, layer: tf.layers.Layer, inputs: string[], from: tf.SymbolicTensor[]): string {
  const conf = layer.getConfig() as Conf;
  const kind = layer.getClassName();
  const name = layer.name;
  const one = () => {
    if (inputs.length !== 1) throw new UnsupportedLayerError(`${name}: expected one input`);
    return inputs[0];
  };
  const channelsLast = () => {
    if ((conf.dataFormat ?? 'channelsLast') !== 'channelsLast') {
      throw new UnsupportedLayerError(`${name}: only channels-last layers are exported`);
    }
  };
  switch (kind) {
    case 'Conv2D':
      channelsLast();
      return conv2d(g, layer, conf, one(), from[0]);
    case 'BatchNormalization':
      return batchNorm(g, layer, conf, one());
    case 'Activation':
      return activation(g, String(conf.activation), one(), name);
    case 'ReLU':
      if (conf.maxValue != null) throw new UnsupportedLayerError(`${name}: a capped ReLU is not exported`);
      return g.node('Relu', [one()], name);
    case 'MaxPooling2D': {
      channelsLast();
      const kernel = pair(conf.poolSize);
      const strides = pair(conf.strides ?? conf.poolSize);
      const pads = padsFor(String(conf.padding), from[0], kernel, strides, [1, 1]);
      return g.node('MaxPool', [one()], name, { kernel_shape: kernel, strides, pads });
    }
    case 'ZeroPadding2D': {
      channelsLast();
      const [[top, bottom], [left, right]] = conf.padding as [[number, number], [number, number]];
      const pads = g.int64s(`${name}_pads`, [0, 0, top, left, 0, 0, bottom, right]);
      return g.node('Pad', [one(), pads], name);
    }
    case 'Add':
      return inputs
        .slice(1)
        .reduce((acc, x, k) => g.node('Add', [acc, x], k === inputs.length - 2 ? name : `${name}_${k}`), inputs[0]);
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      channelsLast();
      if (conf.keepDims) throw new UnsupportedLayerError(`${name}: keepDims is not exported`);
      return g.node(
        'Flatten',
        [g.node(kind === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool', [one()], `${name}_pool`)],
        name,
        { axis: 1 },
      );
    case 'Dropout':
      return one();
    case 'Dense': {
      if (from[0].shape.length !== 2) throw new UnsupportedLayerError(`${name}: a dense layer on a 2-D input only`);
      const [kernel, bias] = layer.getWeights();
      const units = kernel.shape[1] as number;
      const w = g.floats(`${name}_kernel`, kernel.shape, kernel.dataSync() as Float32Array);
      const b = g.floats(`${name}_bias`, [units], bias ? (bias.dataSync() as Float32Array) : new Float32Array(units));
      return activation(g, String(conf.activation), g.node('Gemm', [one(), w, b], `${name}_gemm`), name);
    }
    default:
      throw new UnsupportedLayerError(`${name}: ${kind} layers are not exported`);
  }
}

function conv2d(g: OnnxGraph, layer: tf.layers.Layer, conf: Conf, x: string, from: tf.SymbolicTensor): string {
  const [kernel, bias] = layer.getWeights();
  const [kh, kw, cin, cout] = kernel.shape;
  const strides = pair(conf.strides);
  const dilations = pair(conf.dilationRate ?? 1);
  const pads = padsFor(String(conf.padding), from, [kh, kw], strides, dilations);
  // tfjs keeps kernels as [kh, kw, in, out]; ONNX wants [out, in, kh, kw].
  // Not through tf.tidy, which walks every element of an array it returns.
  const transposed = kernel.transpose([3, 2, 0, 1]);
  const oihw = transposed.dataSync() as Float32Array;
  transposed.dispose();
  const inputs = [x, g.floats(`${layer.name}_kernel`, [cout, cin, kh, kw], oihw)];
  if (conf.useBias && bias) inputs.push(g.floats(`${layer.name}_bias`, [cout], bias.dataSync() as Float32Array));
  const y = g.node('Conv', inputs, `${layer.name}_conv`, { kernel_shape: [kh, kw], strides, dilations, pads });
  return activation(g, String(conf.activation ?? 'linear'), y, layer.name);
}

function batchNorm(g: OnnxGraph, layer: tf.layers.Layer, conf: Conf, x: string): string {
  const axis = conf.axis as number | number[];
  if (!(axis === 3 || axis === -1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === 3 || axis[0] === -1)))) {
    throw new UnsupportedLayerError(`${layer.name}: batch norm over the channel axis only`);
  }
  const byName = (suffix: string) => layer.weights.find((v) => v.originalName.endsWith(`/${suffix}`))?.read();
  const mean = byName('moving_mean');
  const variance = byName('moving_variance');
  if (!mean || !variance) throw new UnsupportedLayerError(`${layer.name}: batch norm without moving statistics`);
  const channels = mean.shape[0];
  const values = (t: tf.Tensor | undefined, fill: number) =>
    t ? (t.dataSync() as Float32Array) : new Float32Array(channels).fill(fill);
  const inputs = [
    x,
    g.floats(`${layer.name}_gamma`, [channels], values(byName('gamma'), 1)),
    g.floats(`${layer.name}_beta`, [channels], values(byName('beta'), 0)),
    g.floats(`${layer.name}_mean`, [channels], values(mean, 0)),
    g.floats(`${layer.name}_variance`, [channels], values(variance, 1)),
  ];
  return g.node('BatchNormalization', inputs, layer.name, { epsilon: { float: Number(conf.epsilon ?? 1e-3) } });
}

function activation(g: OnnxGraph, name: string, x: string, layerName: string): string {
  if (name === 'linear') return x;
  if (name === 'relu') return g.node('Relu', [x], layerName);
  if (name === 'softmax') return g.node('Softmax', [x], layerName, { axis: -1 });
  if (name === 'sigmoid') return g.node('Sigmoid', [x], layerName);
  throw new UnsupportedLayerError(`${layerName}: the ${name} activation is not exported`);
}

function pair(v: unknown): [number, number] {
  if (typeof v === 'number') return [v, v];
  const a = v as number[];
  return [a[0], a[1] ?? a[0]];
}

/** ONNX pads [top, left, bottom, right]; 'same' as TensorFlow computes it (the extra pixel after). */
function padsFor(
  padding: string,
  input: tf.SymbolicTensor,
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding !== 'same') throw new UnsupportedLayerError(`padding '${padding}' is not exported`);
  const before: number[] = [];
  const after: number[] = [];
  for (let axis = 0; axis < 2; axis++) {
    const size = input.shape[axis + 1];
    if (!size) throw new UnsupportedLayerError("'same' padding needs a fixed input size");
    const out = Math.ceil(size / strides[axis]);
    const span = (kernel[axis] - 1) * dilations[axis] + 1;
    const total = Math.max((out - 1) * strides[axis] + span - size, 0);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
  }
  return [...before, ...after];
}
