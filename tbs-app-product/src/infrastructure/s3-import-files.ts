import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImportReport } from '../application/import-report';
import type { ImportFiles } from '../application/ports/import-files';

/** Larger files are refused unread: 50,000 rows of product data fit comfortably. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The import bucket: CSV files in, `<key>.report.json` reports out. */
export class S3ImportFiles implements ImportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string): Promise<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if ((object.ContentLength ?? 0) > MAX_IMPORT_BYTES) {
      throw new Error(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
    }
    return (await object.Body?.transformToString('utf-8')) ?? '';
  }

  async writeReport(key: string, report: ImportReport): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${key}.report.json`,
        Body: JSON.stringify(report, null, 2),
        ContentType: 'application/json',
      }),
    );
  }
}
