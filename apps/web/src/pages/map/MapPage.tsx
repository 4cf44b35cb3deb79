export function MapPage() { return null; } // PLACEHOLDER: replaced by the real page
