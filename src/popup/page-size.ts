/** Rows per page of the popup's key list, and rows in its first message (early.ts sends that one). */
export const PAGE_SIZE = 50;
