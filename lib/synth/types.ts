/** One generated slice: what the CLI writes and what Grad-CAM tests compare heatmaps against. */
export interface SynthSample {
  /** Row-major, size x size: Hounsfield units (CT, integers) or 0..255 intensity (MRI, integers). */
  image: Float32Array;
  /** 1 where a lesion is (coverage above one half), else 0. All zeros for negatives. */
  mask: Uint8Array;
  /** Project label: 'hemorrhage' | 'normal' (CT) or 'glioma' | 'meningioma' | 'pituitary' | 'notumor' (MRI). */
  label: string;
  /** CT hemorrhage subtypes present (epidural, subdural, intraparenchymal, subarachnoid, intraventricular). */
  subtypes: string[];
  width: number;
  height: number;
}
