export function ProjectPage() { return null; } // PLACEHOLDER: replaced by the real page
