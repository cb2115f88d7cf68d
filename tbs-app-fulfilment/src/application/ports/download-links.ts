export interface DownloadLinkRequest {
  orderId: string;
  customerId: string;
  productId: string;
}

export interface SignedDownloadLink {
  url: string;
  expiresAt: string;
}

/** Issues time-limited, tamper-proof download links for digital goods. */
export interface DownloadLinks {
  sign(request: DownloadLinkRequest, now: Date): Promise<SignedDownloadLink>;
}
