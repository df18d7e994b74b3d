// The malware and baseline evidence of an image from its layers' analyses. Malware counts in every
// layer (a file deleted later still ships in the image's layers), marked when it is no longer in
// the final file system. So do secrets (anyone with the image can read a lower layer); other
// baseline evidence (a shadow entry, an sshd setting) counts only while its file is the final one.
import type { MalwareFinding, MalwareReport, UnscannedFile } from '../../../shared/model/malware';
import type { ImageFile, LayerInfo } from '../../../shared/model/image';
import type { LayerAnalysis } from '../images/layers/layer-analysis';

export interface LayerWithAnalysis {
  info: LayerInfo;
  analysis: LayerAnalysis;
}

export interface AttributedBaselineHit {
  itemId: string;
  detail: string;
  path: string;
  layerIndex: number;
  layerDiffId: string;
}

export function attributeMalware(layers: readonly LayerWithAnalysis[], finalFiles: ReadonlyMap<string, ImageFile>): Omit<MalwareReport, 'engines'> {
  const findings: MalwareFinding[] = [];
  const notScanned: UnscannedFile[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  for (const { info, analysis } of layers) {
    const section = analysis.malware;
    if (!section) continue;
    filesScanned += section.files;
    bytesScanned += section.bytes;
    for (const hit of section.hits) {
      findings.push({ ...hit, layerIndex: info.index, layerDiffId: info.diffId, presentInFinalImage: finalFiles.get(hit.path)?.layerIndex === info.index });
    }
    for (const skipped of section.skipped) {
      notScanned.push({ path: skipped.path, size: skipped.size, reason: `${skipped.analyzer}: ${skipped.reason}`, layerIndex: info.index, layerDiffId: info.diffId });
    }
  }
  return { findings, notScanned, filesScanned, bytesScanned };
}

/** `fromEveryLayer(itemId)`: evidence kept even when a later layer removed or replaced its file. */
export function survivingBaselineHits(layers: readonly LayerWithAnalysis[], finalFiles: ReadonlyMap<string, ImageFile>, fromEveryLayer: (itemId: string) => boolean = () => false): AttributedBaselineHit[] {
  const out: AttributedBaselineHit[] = [];
  for (const { info, analysis } of layers) {
    for (const hit of analysis.baseline ?? []) {
      const final = finalFiles.get(hit.path)?.layerIndex === info.index;
      if (final) out.push({ ...hit, layerIndex: info.index, layerDiffId: info.diffId });
      else if (fromEveryLayer(hit.itemId)) out.push({ ...hit, detail: `${hit.detail} (removed by a later layer, still shipped in layer ${info.index})`, layerIndex: info.index, layerDiffId: info.diffId });
    }
  }
  return out;
}
