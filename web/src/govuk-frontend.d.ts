// The parts of govuk-frontend's JavaScript API the workbench uses (the package ships no types).
declare module 'govuk-frontend' {
  export function initAll(config?: Record<string, unknown>): void;
  export class ErrorSummary {
    constructor(root: Element, config?: Record<string, unknown>);
  }
}
