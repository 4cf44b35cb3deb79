export function AlertDetailPage() { return null; } // PLACEHOLDER: replaced by the real page
