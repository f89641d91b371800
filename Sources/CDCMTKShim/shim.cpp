// C implementation of CDCMTKShim.h over DCMTK dcmdata (raw DcmFileFormat / DcmItem access).
// Every extern "C" body is wrapped in try/catch so no C++ exception reaches Swift.
#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcfcache.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcvrds.h"
#include "dcmtk/oflog/oflog.h"
#include "CDCMTKShim.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

struct dcs_file {
    DcmFileFormat format;
    /// PixelData left in the file (uncompressed little endian) for dcs_pixel_reader_*, found once at
    /// load: DcmItem searches move the item's list cursor, so readers must not search concurrently.
    DcmElement *pixelsInFile = nullptr;
};

struct dcs_pixel_reader {
    DcmElement *element = nullptr;
    DcmFileCache cache;
};

namespace {

std::once_flag configureOnce;

/// One-time global set-up: quiet logging, VR UN conversion, RLE decoder, and the data dictionary.
///
/// Dictionary: DCMTK's default path loads the public dictionary and private.dic (about 3000 vendor
/// tags). Parsing private.dic costs about 15 ms per process, more than the public dictionary, and
/// DoseSum reads no private tag (unknown tags are read as UN and skipped). So unless the user set
/// DCMDICTPATH, only the first file of the default path (the public dicom.dic) is loaded. This runs
/// before DCMTK's dictionary is first used: from dcs_configure(), which DoseSum's pipelines call
/// while the process has one thread (setenv must not race a getenv), else from the first DICOM call.
void configure() {
    std::call_once(configureOnce, [] {
#ifdef DCM_DICT_DEFAULT_PATH
        if (!std::getenv(DCM_DICT_ENVIRONMENT_VARIABLE)) {
            std::string path = DCM_DICT_DEFAULT_PATH;
            path = path.substr(0, path.find(ENVIRONMENT_PATH_SEPARATOR));
            setenv(DCM_DICT_ENVIRONMENT_VARIABLE, path.c_str(), 0);
        }
#endif
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        dcmEnableUnknownVRConversion.set(OFTrue);
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

void setError(dcs_error *err, const std::string &text) {
    if (!err) return;
    std::snprintf(err->message, sizeof(err->message), "%s", text.c_str());
}

DcmItem *asItem(const dcs_item *item) { return reinterpret_cast<DcmItem *>(const_cast<dcs_item *>(item)); }
dcs_item *asHandle(DcmItem *item) { return reinterpret_cast<dcs_item *>(item); }

/// The element with this tag directly in `item` (not in nested sequences), or nullptr.
DcmElement *findElement(const dcs_item *item, uint16_t g, uint16_t e) {
    DcmElement *el = nullptr;
    if (!item) return nullptr;
    if (asItem(item)->findAndGetElement(DcmTagKey(g, e), el, OFFalse).bad()) return nullptr;
    return el;
}

DcmSequenceOfItems *findSequence(const dcs_item *item, uint16_t g, uint16_t e) {
    DcmSequenceOfItems *seq = nullptr;
    if (!item) return nullptr;
    if (asItem(item)->findAndGetSequence(DcmTagKey(g, e), seq, OFFalse).bad()) return nullptr;
    return seq;
}

} // namespace

extern "C" {

const char *dcs_dcmtk_version(void) { return OFFIS_DCMTK_VERSION_STRING; }

void dcs_configure(void) {
    try {
        configure();
    } catch (...) {
    }
}

dcs_status dcs_file_load(const char *path, int pixel_data_in_file, dcs_file **out, dcs_error *err) {
    if (out) *out = nullptr;
    try {
        configure();
        auto *file = new dcs_file();
        // ERM_autoDetect reads files with and without preamble/File Meta.
        OFCondition cond = file->format.loadFile(OFFilename(path), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                                 ERM_autoDetect);
        if (cond.bad()) {
            delete file;
            FILE *probe = std::fopen(path, "rb");
            if (!probe) { setError(err, "cannot open the file"); return DCS_ERR_IO; }
            std::fclose(probe);
            if (cond == EC_StreamNotifyClient)
                setError(err, "not a complete DICOM file: the data ends prematurely (truncated, or not DICOM at all)");
            else
                setError(err, std::string("not a readable DICOM file (") + cond.text() + ")");
            return DCS_ERR_NOT_DICOM;
        }
        DcmDataset *ds = file->format.getDataset();
        if (!ds || ds->card() == 0) {
            delete file;
            setError(err, "not a DICOM file (no data elements could be parsed)");
            return DCS_ERR_NOT_DICOM;
        }
        DcmXfer xfer(ds->getOriginalXfer());
        DcmElement *pixels = nullptr;
        const bool native = !xfer.isEncapsulated() && xfer.getByteOrder() == EBO_LittleEndian &&
                            gLocalByteOrder == EBO_LittleEndian;
        if (pixel_data_in_file && native && ds->findAndGetElement(DCM_PixelData, pixels, OFFalse).good() && pixels &&
            !pixels->valueLoaded()) {
            // Everything but PixelData into memory now; PixelData is read in parts later.
            file->format.getMetaInfo()->loadAllDataIntoMemory();
            for (unsigned long i = 0; i < ds->card(); ++i) {
                DcmElement *el = ds->getElement(i);
                if (el && el != pixels) el->loadAllDataIntoMemory();
            }
            file->pixelsInFile = pixels;
        } else {
            file->format.loadAllDataIntoMemory();
        }
        if (xfer.isEncapsulated()) {
            if (ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
                !ds->canWriteXfer(EXS_LittleEndianExplicit)) {
                delete file;
                setError(err, std::string("compressed pixel data in transfer syntax ") + xfer.getXferName() +
                                  " cannot be decoded (only RLE Lossless is supported)");
                return DCS_ERR_UNSUPPORTED;
            }
        }
        // Best effort: an unknown character set leaves the bytes as they are.
        (void)ds->convertToUTF8();
        *out = file;
        return DCS_OK;
    } catch (const std::exception &ex) {
        setError(err, std::string("internal error while reading: ") + ex.what());
    } catch (...) {
        setError(err, "internal error while reading");
    }
    return DCS_ERR_INTERNAL;
}

dcs_file *dcs_file_new(void) {
    try {
        configure();
        return new dcs_file();
    } catch (...) {
        return nullptr;
    }
}

void dcs_file_free(dcs_file *file) {
    try { delete file; } catch (...) {}
}

dcs_item *dcs_file_dataset(dcs_file *file) {
    if (!file) return nullptr;
    return asHandle(file->format.getDataset());
}

void dcs_file_transfer_syntax(const dcs_file *file, char *buf, size_t cap) {
    if (!buf || cap == 0) return;
    buf[0] = 0;
    try {
        if (!file) return;
        DcmXfer xfer(const_cast<dcs_file *>(file)->format.getDataset()->getOriginalXfer());
        if (xfer.getXfer() == EXS_Unknown) return;
        std::snprintf(buf, cap, "%s", xfer.getXferID());
    } catch (...) {}
}

dcs_status dcs_file_save(dcs_file *file, const char *path, dcs_error *err) {
    try {
        OFCondition cond = file->format.saveFile(OFFilename(path), EXS_LittleEndianExplicit, EET_ExplicitLength,
                                                 EGL_recalcGL, EPD_withoutPadding);
        if (cond.bad()) {
            setError(err, std::string("cannot write DICOM: ") + cond.text());
            return DCS_ERR_IO;
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while writing");
    }
    return DCS_ERR_INTERNAL;
}

int dcs_item_contains(const dcs_item *item, uint16_t group, uint16_t element) {
    try {
        return item && asItem(item)->tagExists(DcmTagKey(group, element), OFFalse) ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

uint64_t dcs_item_length(const dcs_item *item, uint16_t group, uint16_t element) {
    try {
        DcmElement *el = findElement(item, group, element);
        return el ? el->getLength() : 0;
    } catch (...) {
        return 0;
    }
}

dcs_status dcs_item_string(const dcs_item *item, uint16_t group, uint16_t element, char *buf, size_t cap,
                           size_t *needed, dcs_error *err) {
    if (needed) *needed = 0;
    if (buf && cap) buf[0] = 0;
    try {
        DcmElement *el = findElement(item, group, element);
        if (!el) { setError(err, "attribute absent"); return DCS_ERR_MISSING; }
        OFString value;
        if (el->getLength() > 0 && el->getOFStringArray(value).bad()) {
            setError(err, "value cannot be read as text");
            return DCS_ERR_INVALID;
        }
        if (needed) *needed = value.size();
        if (buf && cap) {
            size_t n = value.size() < cap - 1 ? value.size() : cap - 1;
            std::memcpy(buf, value.data(), n);
            buf[n] = 0;
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while reading an attribute");
    }
    return DCS_ERR_INTERNAL;
}

dcs_status dcs_item_float64s(const dcs_item *item, uint16_t group, uint16_t element, double *out, size_t cap,
                             size_t *count, dcs_error *err) {
    if (count) *count = 0;
    try {
        DcmElement *el = findElement(item, group, element);
        if (!el) { setError(err, "attribute absent"); return DCS_ERR_MISSING; }
        std::vector<double> values;
        if (el->getLength() > 0) {
            if (el->ident() == EVR_DS) {
                // getFloat64Vector reads "1,5" as 1 or 0 with a good status: refuse decimal commas first.
                char *text = nullptr;
                if (el->getString(text).good() && text && std::memchr(text, ',', el->getLength())) {
                    setError(err, "decimal string uses a decimal comma; expected '.' as the decimal point");
                    return DCS_ERR_INVALID;
                }
                OFCondition cond = static_cast<DcmDecimalString *>(el)->getFloat64Vector(values);
                if (cond.bad()) { setError(err, std::string("bad decimal string: ") + cond.text()); return DCS_ERR_INVALID; }
            } else {
                unsigned long vm = el->getVM();
                values.reserve(vm);
                for (unsigned long i = 0; i < vm; ++i) {
                    Float64 v = 0;
                    if (el->getFloat64(v, i).bad()) {
                        // Integer VRs (IS, US, SL …) do not convert through getFloat64.
                        Sint32 s = 0;
                        Uint32 u = 0;
                        if (el->getSint32(s, i).good()) v = s;
                        else if (el->getUint32(u, i).good()) v = u;
                        else {
                            Uint16 u16 = 0;
                            Sint16 s16 = 0;
                            if (el->getUint16(u16, i).good()) v = u16;
                            else if (el->getSint16(s16, i).good()) v = s16;
                            else { setError(err, "value is not numeric"); return DCS_ERR_INVALID; }
                        }
                    }
                    values.push_back(v);
                }
            }
        }
        if (count) *count = values.size();
        if (out) {
            size_t n = values.size() < cap ? values.size() : cap;
            if (n) std::memcpy(out, values.data(), n * sizeof(double));
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while reading numbers");
    }
    return DCS_ERR_INTERNAL;
}

size_t dcs_item_sequence_count(const dcs_item *item, uint16_t group, uint16_t element) {
    try {
        DcmSequenceOfItems *seq = findSequence(item, group, element);
        return seq ? seq->card() : 0;
    } catch (...) {
        return 0;
    }
}

dcs_item *dcs_item_sequence_item(const dcs_item *item, uint16_t group, uint16_t element, size_t index) {
    try {
        DcmSequenceOfItems *seq = findSequence(item, group, element);
        if (!seq || index >= seq->card()) return nullptr;
        return asHandle(seq->getItem(static_cast<unsigned long>(index)));
    } catch (...) {
        return nullptr;
    }
}

dcs_status dcs_file_copy_pixels(dcs_file *file, uint16_t bits_allocated, void *dst, size_t sample_count,
                                dcs_error *err) {
    try {
        if (bits_allocated != 16 && bits_allocated != 32) {
            setError(err, "only 16- and 32-bit samples are supported");
            return DCS_ERR_UNSUPPORTED;
        }
        DcmDataset *ds = file->format.getDataset();
        DcmElement *el = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, el, OFFalse).bad() || !el || el->getLength() == 0) {
            setError(err, "PixelData is absent or empty");
            return DCS_ERR_MISSING;
        }
        const size_t bytes = sample_count * (bits_allocated / 8);
        Uint8 *raw = nullptr;
        if (el->getUint8Array(raw).bad() || !raw) {
            setError(err, "PixelData cannot be read");
            return DCS_ERR_INVALID;
        }
        if (el->getLength() < bytes) {
            setError(err, "PixelData holds " + std::to_string(el->getLength()) + " bytes, expected " +
                              std::to_string(bytes));
            return DCS_ERR_INVALID;
        }
        DcmXfer xfer(ds->getOriginalXfer());
        const bool bigEndianFile = xfer.getByteOrder() == EBO_BigEndian && !xfer.isEncapsulated();
        if (bits_allocated == 32 && bigEndianFile) {
            auto *out = static_cast<uint32_t *>(dst);
            if (el->getVR() == EVR_OB) { // bytes in file order: big-endian 32-bit words
                for (size_t i = 0; i < sample_count; ++i) {
                    const Uint8 *b = raw + 4 * i;
                    out[i] = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
                }
            } else { // OW: DCMTK swapped each 16-bit word to host order; high word comes first
                const Uint16 *w = reinterpret_cast<const Uint16 *>(raw);
                for (size_t i = 0; i < sample_count; ++i) out[i] = (uint32_t(w[2 * i]) << 16) | w[2 * i + 1];
            }
        } else if (bits_allocated == 16 && bigEndianFile && el->getVR() == EVR_OB) {
            auto *out = static_cast<uint16_t *>(dst);
            for (size_t i = 0; i < sample_count; ++i) out[i] = uint16_t((raw[2 * i] << 8) | raw[2 * i + 1]);
        } else {
            std::memcpy(dst, raw, bytes);
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while reading PixelData");
    }
    return DCS_ERR_INTERNAL;
}

int dcs_file_pixels_in_file(dcs_file *file) { return file && file->pixelsInFile ? 1 : 0; }

dcs_status dcs_pixel_reader_open(dcs_file *file, dcs_pixel_reader **out, dcs_error *err) {
    if (out) *out = nullptr;
    try {
        // No dataset search here (readers are opened concurrently): only PixelData found at load.
        DcmElement *el = file ? file->pixelsInFile : nullptr;
        // getLengthField only reads (DcmPixelData::getLength writes the element's error flag).
        if (!el || el->getLengthField() == 0) {
            setError(err, "PixelData is absent or empty, or not left in the file at load");
            return DCS_ERR_MISSING;
        }
        auto *reader = new dcs_pixel_reader();
        reader->element = el;
        *out = reader;
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while opening PixelData");
    }
    return DCS_ERR_INTERNAL;
}

dcs_status dcs_pixel_reader_read(dcs_pixel_reader *reader, uint64_t byte_offset, void *dst, size_t byte_count,
                                 dcs_error *err) {
    try {
        const uint64_t length = reader->element->getLengthField();
        if (byte_offset > length || byte_count > length - byte_offset) {
            setError(err, "PixelData holds " + std::to_string(length) + " bytes; cannot read " +
                              std::to_string(byte_count) + " bytes at offset " + std::to_string(byte_offset));
            return DCS_ERR_INVALID;
        }
        if (byte_count == 0) return DCS_OK;
        OFCondition cond = reader->element->getPartialValue(dst, Uint32(byte_offset), Uint32(byte_count),
                                                             &reader->cache, EBO_LittleEndian);
        if (cond.bad()) {
            setError(err, std::string("PixelData cannot be read from the file (") + cond.text() + ")");
            return DCS_ERR_IO;
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while reading PixelData");
    }
    return DCS_ERR_INTERNAL;
}

void dcs_pixel_reader_free(dcs_pixel_reader *reader) {
    try { delete reader; } catch (...) {}
}

dcs_status dcs_item_put_string(dcs_item *item, uint16_t group, uint16_t element, const char *value,
                               dcs_error *err) {
    try {
        OFCondition cond = asItem(item)->putAndInsertString(DcmTag(group, element), value ? value : "", OFTrue);
        if (cond.bad()) {
            setError(err, std::string("cannot set attribute: ") + cond.text());
            return DCS_ERR_INVALID;
        }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while setting an attribute");
    }
    return DCS_ERR_INTERNAL;
}

void dcs_item_remove(dcs_item *item, uint16_t group, uint16_t element) {
    try {
        asItem(item)->findAndDeleteElement(DcmTagKey(group, element), OFFalse, OFFalse);
    } catch (...) {}
}

dcs_item *dcs_item_append_sequence_item(dcs_item *item, uint16_t group, uint16_t element, dcs_error *err) {
    try {
        DcmItem *newItem = nullptr;
        OFCondition cond = asItem(item)->findOrCreateSequenceItem(DcmTagKey(group, element), newItem, -2);
        if (cond.bad() || !newItem) {
            setError(err, std::string("cannot add a sequence item: ") + cond.text());
            return nullptr;
        }
        return asHandle(newItem);
    } catch (...) {
        setError(err, "internal error while adding a sequence item");
    }
    return nullptr;
}

dcs_status dcs_item_put_empty_sequence(dcs_item *item, uint16_t group, uint16_t element, dcs_error *err) {
    try {
        OFCondition cond = asItem(item)->insertEmptyElement(DcmTag(group, element), OFTrue);
        if (cond.bad()) { setError(err, std::string("cannot add a sequence: ") + cond.text()); return DCS_ERR_INVALID; }
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while adding a sequence");
    }
    return DCS_ERR_INTERNAL;
}

dcs_status dcs_item_create_pixels(dcs_item *item, uint16_t bits_allocated, size_t sample_count, void **samples,
                                  dcs_error *err) {
    if (samples) *samples = nullptr;
    try {
        if (bits_allocated != 16 && bits_allocated != 32) {
            setError(err, "only 16- and 32-bit samples can be written");
            return DCS_ERR_UNSUPPORTED;
        }
        const size_t words = sample_count * (bits_allocated / 16);
        if (words * 2 > 0xFFFFFFFEu) {
            setError(err, "PixelData of " + std::to_string(words * 2) + " bytes exceeds the 4 GiB DICOM limit");
            return DCS_ERR_INVALID;
        }
        auto *el = new DcmPixelData(DCM_PixelData);
        Uint16 *buffer = nullptr;
        OFCondition cond = el->createUint16Array(static_cast<Uint32>(words), buffer);
        if (cond.good()) cond = asItem(item)->insert(el, OFTrue);
        if (cond.bad()) delete el;  // not owned by the item unless inserted
        if (cond.bad() || !buffer) { setError(err, std::string("cannot create PixelData: ") + cond.text()); return DCS_ERR_INVALID; }
        *samples = buffer;
        return DCS_OK;
    } catch (...) {
        setError(err, "internal error while creating PixelData");
    }
    return DCS_ERR_INTERNAL;
}

} // extern "C"
