// The image's layers in order, with the history line that made each one.
import type { LayerInfo } from '../../../shared/model/image';
import { formatBytes } from '../../format/bytes';
import { shortDigest } from '../../format/ids';

export function LayersTab({ layers }: { layers: LayerInfo[] }) {
  if (!layers.length) return <p className="muted">No layers were recorded for this image.</p>;
  return (
    <div className="table-wrap">
      <table className="simple-table" data-testid="layers-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Diff ID</th>
            <th className="num">Size</th>
            <th>Created by</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((layer) => (
            <tr key={`${layer.index}:${layer.diffId}`} data-testid="layer-row">
              <td className="num">{layer.index}</td>
              <td className="mono" title={`${layer.diffId}${layer.digest ? `\nblob ${layer.digest}` : ''}`}>
                {shortDigest(layer.diffId)}
              </td>
              <td className="num" title={layer.size === null ? undefined : `${layer.size.toLocaleString()} bytes`}>
                {layer.size === null ? '—' : formatBytes(layer.size)}
              </td>
              <td className="mono created-by">{layer.createdBy ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
