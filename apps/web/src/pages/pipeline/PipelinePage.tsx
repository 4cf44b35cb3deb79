export function PipelinePage() { return null; } // PLACEHOLDER: replaced by the real page
