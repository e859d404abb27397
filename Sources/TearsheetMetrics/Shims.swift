#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func log1pShim(_ x: Double) -> Double { log1p(x) }
@usableFromInline func expm1Shim(_ x: Double) -> Double { expm1(x) }
