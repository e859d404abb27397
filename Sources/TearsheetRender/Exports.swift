// Module `TearsheetRender`: see docs/reports.md and DESIGN section 1 for its boundary.
// Re-exports the report model, so a caller that renders needs one import.
@_exported import TearsheetCore
@_exported import TearsheetReport
