/*
 * CDCMTKShim: a small, pure-C view of DCMTK's dcmdata for Swift.
 *
 * Model: a `dcs_file` owns one DICOM file (DcmFileFormat) in memory; `dcs_item` is a borrowed view of
 * its dataset or of one sequence item, valid only while the owning `dcs_file` lives. Attributes are
 * addressed by (group, element). Every function catches all C++ exceptions; errors are reported as a
 * `dcs_status` plus a caller-owned `dcs_error` message (NUL-terminated, truncated to fit).
 * Strings are UTF-8 (the dataset is converted with convertToUTF8() on load when possible).
 */
#ifndef CDCMTKSHIM_H
#define CDCMTKSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dcs_status {
    DCS_OK = 0,
    DCS_ERR_IO = 1,          /* cannot open / read / write the file */
    DCS_ERR_NOT_DICOM = 2,   /* the bytes are not a parseable DICOM stream */
    DCS_ERR_MISSING = 3,     /* the attribute is absent */
    DCS_ERR_INVALID = 4,     /* present but unusable (wrong length, wrong VR, bad value) */
    DCS_ERR_UNSUPPORTED = 5, /* e.g. a compressed transfer syntax without a decoder */
    DCS_ERR_INTERNAL = 6     /* an unexpected exception inside DCMTK */
} dcs_status;

/** Caller-owned error message buffer; nothing to free. */
typedef struct dcs_error { char message[512]; } dcs_error;

typedef struct dcs_file dcs_file;
typedef struct dcs_item dcs_item;

/* ---- set-up ---- */

/** DCMTK's one-time process set-up (quiet logging, unknown-VR conversion, RLE decoder, and the data
 *  dictionary path: the public dicom.dic only, unless DCMDICTPATH is set, which is done with setenv).
 *  Every other call runs it on first use; call it first, while the process has one thread, before
 *  DICOM is read from several threads or environment variables are read beside it. Idempotent. */
void dcs_configure(void);

/** The DCMTK version this shim was compiled against (OFFIS_DCMTK_VERSION_STRING, e.g. "3.6.7"); a
 *  static string, never freed. */
const char *dcs_dcmtk_version(void);

/* ---- files ---- */

/** Loads a file (with or without preamble/File Meta), decodes RLE, loads all data into memory and
 *  converts strings to UTF-8. On success *out must be released with dcs_file_free.
 *  With pixel_data_in_file != 0 and an uncompressed little-endian file, PixelData alone stays in the
 *  file (read later in parts with dcs_pixel_reader_*); the file must not change meanwhile. */
dcs_status dcs_file_load(const char *path, int pixel_data_in_file, dcs_file **out, dcs_error *err);
/** A new empty file (for writing). Never NULL unless memory is exhausted. */
dcs_file *dcs_file_new(void);
void dcs_file_free(dcs_file *file);
/** The main dataset of the file (borrowed). */
dcs_item *dcs_file_dataset(dcs_file *file);
/** Transfer syntax UID the file was read in ("" for a new file), into buf (cap >= 65). */
void dcs_file_transfer_syntax(const dcs_file *file, char *buf, size_t cap);
/** Saves in Explicit VR Little Endian with a File Meta header that DCMTK fills in. */
dcs_status dcs_file_save(dcs_file *file, const char *path, dcs_error *err);

/* ---- reading attributes ---- */

/** 1 when the attribute exists in this item (possibly with zero length), 0 otherwise. */
int dcs_item_contains(const dcs_item *item, uint16_t group, uint16_t element);
/** Value length in bytes of the attribute as stored (0 when absent or empty). */
uint64_t dcs_item_length(const dcs_item *item, uint16_t group, uint16_t element);
/** The whole value as text (multiple values joined by '\\'), numbers formatted by DCMTK.
 *  Writes at most cap-1 bytes plus NUL into buf; *needed receives the full length (without NUL).
 *  DCS_ERR_MISSING when absent. */
dcs_status dcs_item_string(const dcs_item *item, uint16_t group, uint16_t element,
                           char *buf, size_t cap, size_t *needed, dcs_error *err);
/** Decimal values of a DS/FD/FL/IS/US/… attribute in one pass (no per-index re-scan).
 *  With out == NULL only *count is set. Otherwise up to cap values are written and *count = number
 *  available. DCS_ERR_MISSING when absent. */
dcs_status dcs_item_float64s(const dcs_item *item, uint16_t group, uint16_t element,
                             double *out, size_t cap, size_t *count, dcs_error *err);
/** Number of items of a sequence attribute (0 when absent or not a sequence). */
size_t dcs_item_sequence_count(const dcs_item *item, uint16_t group, uint16_t element);
/** Item `index` of a sequence (borrowed), NULL when out of range. */
dcs_item *dcs_item_sequence_item(const dcs_item *item, uint16_t group, uint16_t element, size_t index);

/** Copies PixelData of the dataset as host-order samples of `bits_allocated` (16 or 32) bits into
 *  dst (sample_count samples). Handles explicit big endian (32-bit OW word order) and decoded RLE.
 *  DCS_ERR_MISSING when absent or empty, DCS_ERR_INVALID when the stored length is shorter. */
dcs_status dcs_file_copy_pixels(dcs_file *file, uint16_t bits_allocated, void *dst, size_t sample_count,
                                dcs_error *err);

/** A reader of PixelData byte ranges straight from the file (DCMTK DcmElement::getPartialValue with
 *  its own file cache). One reader per thread: readers of one file may run concurrently; the
 *  dcs_file must outlive them. */
typedef struct dcs_pixel_reader dcs_pixel_reader;
/** 1 when PixelData of this file is still in the file and stored as uncompressed little-endian
 *  samples (dcs_pixel_reader_read then returns host-order samples); 0 otherwise. */
int dcs_file_pixels_in_file(dcs_file *file);
/** Opens a reader (safe to call concurrently: no dataset search); DCS_ERR_MISSING unless
 *  dcs_file_pixels_in_file. Free with dcs_pixel_reader_free. */
dcs_status dcs_pixel_reader_open(dcs_file *file, dcs_pixel_reader **out, dcs_error *err);
/** Copies byte_count bytes of PixelData from byte_offset into dst. Reads are fastest in increasing
 *  offset order (the reader's stream only seeks forward). DCS_ERR_INVALID beyond the stored length. */
dcs_status dcs_pixel_reader_read(dcs_pixel_reader *reader, uint64_t byte_offset, void *dst, size_t byte_count,
                                 dcs_error *err);
void dcs_pixel_reader_free(dcs_pixel_reader *reader);

/* ---- writing attributes ---- */

/** Inserts or replaces an attribute from its text form (VR from the data dictionary; '\\' separates
 *  values). An empty string writes an empty (zero-length) element. */
dcs_status dcs_item_put_string(dcs_item *item, uint16_t group, uint16_t element, const char *value,
                               dcs_error *err);
/** Removes the attribute if present (all levels of this item only). */
void dcs_item_remove(dcs_item *item, uint16_t group, uint16_t element);
/** Appends a new empty item to a sequence attribute (created when absent); NULL on error. */
dcs_item *dcs_item_append_sequence_item(dcs_item *item, uint16_t group, uint16_t element, dcs_error *err);
/** Inserts an empty sequence attribute (type-2 sequences). */
dcs_status dcs_item_put_empty_sequence(dcs_item *item, uint16_t group, uint16_t element, dcs_error *err);
/** Creates PixelData (OW) of sample_count host-order samples of 16 or 32 bits, zero-filled, owned by
 *  the item, and returns its buffer in *samples for the caller to fill (no copy). */
dcs_status dcs_item_create_pixels(dcs_item *item, uint16_t bits_allocated, size_t sample_count, void **samples,
                                  dcs_error *err);
#ifdef __cplusplus
}
#endif
#endif
