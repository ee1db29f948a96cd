/** Exported manifests as YAML: one document per API, readable, with the API's name beside its id. Pure. */
import { Document, isScalar } from 'yaml';
import type { ManifestDocument } from '../core/export.js';

export interface ExportYamlOptions {
  /** The schema's path relative to the file, for the editor modeline; none when unknown (stdout). */
  readonly schemaPath?: string;
}

export function renderManifestYaml(document: ManifestDocument, options: ExportYamlOptions = {}): string {
  const doc = new Document(document);
  // On the first key rather than the document, so no blank line separates the modeline from the manifest.
  if (options.schemaPath !== undefined && doc.contents) doc.contents.commentBefore = ` yaml-language-server: $schema=${options.schemaPath}`;
  const id = doc.getIn(['spec', 'api', 'id'], true);
  // The id selects the API (names need not be unique); the comment says which API a reader is looking at.
  if (isScalar(id)) id.comment = ` ${document.metadata.name}`;
  return doc.toString({ lineWidth: 0 });
}

/** A multi-document stream, so that `gatewarden export | …` can be piped or split. */
export function renderManifestStream(documents: readonly ManifestDocument[]): string {
  return documents.map((document) => renderManifestYaml(document)).join('---\n');
}
