// Module `TearsheetReport`: see docs/ and DESIGN section 1 for its boundary.
@_exported import TearsheetCore
