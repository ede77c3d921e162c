/** The product version reported by `/`, `/health`, reports and SARIF. */
export const productVersion = '0.1.0';
export const productName = 'XCodeReviewer';
