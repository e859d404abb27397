// libxlsxwriter (1.1.4, Debian) writes each numeric cell of a worksheet with
// fprintf(file, "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", ...) (or without the `s` attribute), which
// Debian's fortified build turns into __fprintf_chk. glibc's %.16G converts through multi-precision
// arithmetic: 0.55 us of a 0.66 us cell on this project's machine, about a tenth of the CPU time
// of a batch of report sets (31,000 numeric cells per account workbook; docs/performance.md,
// "Batch"). This file defines __fprintf_chk in the program: the dynamic linker binds
// libxlsxwriter's reference to it (the executable comes first in the global symbol lookup). On a
// thread between cxlsx_fast_begin and cxlsx_fast_end, a call with exactly one of those two cell
// formats is written with cnum_format_g16, which produces the same bytes as glibc's %.16G (tested
// against it in NumberCellsTests); every other call, and every number cnum_format_g16 leaves
// alone, goes to glibc's __vfprintf_chk unchanged. snprintf(s, n, "%d", i), which names every
// cell's row, is handled the same way (below).
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "CXlsxFast.h"
#include "Shared.h"

extern int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list ap);

static const char styled_cell[] = "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>";
static const char plain_cell[] = "<c r=\"%s\"><v>%.16G</v></c>";

typedef unsigned __int128 u128;

#define E19 10000000000000000000ULL
static const u128 pow10_table[23] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, E19, (u128)E19 * 10, (u128)E19 * 100, (u128)E19 * 1000,
};

// The value is m * 2^-s exactly (m < 2^53). Choosing p with 10^15 <= m * 10^p / 2^s < 10^16, the
// 16 significant digits are that quotient rounded to nearest, ties to even (glibc rounds the exact
// binary value in the default rounding mode). m * 10^p < 2^53 * 10^22 < 2^127 fits in 128 bits.
int cnum_format_g16(double value, char *out) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    int negative = (int)(bits >> 63);
    unsigned biased = (unsigned)((bits >> 52) & 0x7FF);
    uint64_t fraction = bits & 0xFFFFFFFFFFFFFULL;
    char *o = out;
    if (biased == 0x7FF) return 0;                       // infinity, NaN
    if (biased == 0) {
        if (fraction != 0) return 0;                     // subnormal
        if (negative) *o++ = '-';
        *o++ = '0';
        return (int)(o - out);
    }
    int exponent = (int)biased - 1075;                   // value = m * 2^exponent
    if (exponent > 0) return 0;                          // |value| >= 2^53
    unsigned s = (unsigned)(-exponent);
    uint64_t m = fraction | (1ULL << 52);
    // floor(log10(2) * binary exponent) (78913 / 2^18 ~ log10 2) is the decimal exponent or one
    // less; the loop corrects it.
    int p = 15 - (((int)biased - 1023) * 78913 >> 18);
    if (p > 22) p = 22;                                  // in range when |value| >= 1e-7
    uint64_t n = 0;
    for (int tries = 0;; tries++) {
        if (p < 0 || p > 22 || s > 127 || tries > 2) return 0;
        u128 q = (u128)m * pow10_table[p];
        u128 whole = s == 0 ? q : q >> s;
        if (whole >= pow10_table[16]) { p -= 1; continue; }
        if (whole < pow10_table[15]) { p += 1; continue; }
        n = (uint64_t)whole;
        if (s > 0) {
            u128 rest = q & ((((u128)1) << s) - 1);
            u128 half = ((u128)1) << (s - 1);
            if (rest > half || (rest == half && (n & 1))) n += 1;
        }
        if (n == 10000000000000000ULL) { n = 1000000000000000ULL; p -= 1; }
        break;
    }
    int x = 15 - p;                                      // the exponent of style E
    char d[16];
    uint64_t high = n / 100000000ULL, low = n % 100000000ULL;  // two 8-digit halves
    for (int i = 7; i >= 0; i--) {
        d[i] = (char)('0' + high % 10); high /= 10;
        d[i + 8] = (char)('0' + low % 10); low /= 10;
    }
    int last = 15;                                       // the last nonzero digit
    while (last > 0 && d[last] == '0') last--;
    if (negative) *o++ = '-';
    if (x < -4 || x >= 16) {                             // style E, precision 15
        *o++ = d[0];
        if (last > 0) {
            *o++ = '.';
            for (int i = 1; i <= last; i++) *o++ = d[i];
        }
        *o++ = 'E';
        *o++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100) *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + (ax / 10) % 10);
        *o++ = (char)('0' + ax % 10);
    } else if (x >= 0) {                                 // style f, precision 15 - x
        for (int i = 0; i <= x; i++) *o++ = d[i];
        if (last > x) {
            *o++ = '.';
            for (int i = x + 1; i <= last; i++) *o++ = d[i];
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -x - 1; i++) *o++ = '0';
        for (int i = 0; i <= last; i++) *o++ = d[i];
    }
    return (int)(o - out);
}

static char *append(char *o, const char *text) {
    while (*text) *o++ = *text++;
    return o;
}

// The decimal text of `value` into `text` (at least 12 bytes), returning its length.
static int int_text(int value, char *text) {
    char digits[12];
    int k = 0;
    unsigned u = value < 0 ? 0u - (unsigned)value : (unsigned)value;
    do { digits[k++] = (char)('0' + u % 10); u /= 10; } while (u);
    int n = 0;
    if (value < 0) text[n++] = '-';
    while (k) text[n++] = digits[--k];
    return n;
}

// Writes one cell; returns -2 when the number is left to printf (nothing written).
static int write_cell(FILE *stream, const char *range, int styled, int style, double number) {
    char digits[32];
    int length = cnum_format_g16(number, digits);
    if (length == 0) return -2;
    size_t range_length = strnlen(range, 32);
    if (range_length >= 32) return -2;
    char cell[128];
    char *o = append(cell, "<c r=\"");
    memcpy(o, range, range_length);
    o += range_length;
    if (styled) {
        o = append(o, "\" s=\"");
        o += int_text(style, o);
    }
    o = append(o, "\"><v>");
    memcpy(o, digits, (size_t)length);
    o += length;
    o = append(o, "</v></c>");
    size_t total = (size_t)(o - cell);
    if (fwrite(cell, 1, total, stream) != total) return -1;
    cxlsx_fast_state.counts.number_cells += 1;
    return (int)total;
}

// Weak, like CZipLevel's definition: a strong definition elsewhere in the program wins at link
// time. Only libxlsxwriter's two numeric-cell formats take the fast path, and only when enabled.
__attribute__((weak))
int __fprintf_chk(FILE *stream, int flag, const char *format, ...) {
    va_list ap;
    if (cxlsx_fast_state.enabled && format[0] == '<' && format[1] == 'c') {
        int styled = strcmp(format, styled_cell) == 0;
        if (styled || strcmp(format, plain_cell) == 0) {
            va_start(ap, format);
            const char *range = va_arg(ap, const char *);
            int style = styled ? va_arg(ap, int) : 0;
            double number = va_arg(ap, double);
            va_end(ap);
            int written = write_cell(stream, range, styled, style, number);
            if (written != -2) return written;
        }
    }
    va_start(ap, format);
    int result = __vfprintf_chk(stream, flag, format, ap);
    va_end(ap);
    return result;
}

// libxlsxwriter names every cell it writes with snprintf(name + len, n, "%d", row + 1)
// (lxw_rowcol_to_cell) and formats other integers the same way: on an enabled thread exactly that
// format is written here, with snprintf's contract (at most n - 1 characters and a NUL; returns
// the full length). Weak, like __fprintf_chk above.
__attribute__((weak))
int snprintf(char *s, size_t n, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int result;
    if (cxlsx_fast_state.enabled && format[0] == '%' && format[1] == 'd' && format[2] == 0) {
        char text[12];
        int length = int_text(va_arg(ap, int), text);
        if (n > 0) {
            size_t copied = (size_t)length < n - 1 ? (size_t)length : n - 1;
            memcpy(s, text, copied);
            s[copied] = 0;
        }
        cxlsx_fast_state.counts.int_texts += 1;
        result = length;
    } else {
        result = vsnprintf(s, n, format, ap);
    }
    va_end(ap);
    return result;
}

int cxlsx_snprintf_int(char *s, size_t n, int value) { return snprintf(s, n, "%d", value); }
