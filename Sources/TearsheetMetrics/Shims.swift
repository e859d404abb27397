#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

@usableFromInline func log1pShim(_ x: Double) -> Double { log1p(x) }
