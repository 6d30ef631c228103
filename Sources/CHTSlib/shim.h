// Shim over htslib (Debian libhts-dev). Function-like macros that Swift cannot call are
// wrapped here as gx_-prefixed static inline functions. Only Seq's Alignment/ and Reference/
// files import this module (internal import), so no htslib type reaches Seq's public API.
#ifndef GX_CHTSLIB_SHIM_H
#define GX_CHTSLIB_SHIM_H
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/faidx.h>
#include <htslib/bgzf.h>
#include <htslib/tbx.h>
#include <htslib/kstring.h>
#include <htslib/thread_pool.h>
#include <htslib/hts_log.h>
#include <stdlib.h>
#include <string.h>

// ---- files -------------------------------------------------------------------------------

/// sam_open is a macro for hts_open.
static inline htsFile *gx_sam_open(const char *path, const char *mode) { return hts_open(path, mode); }

/// sam_close is a macro for hts_close.
static inline int gx_sam_close(htsFile *fp) { return hts_close(fp); }

/// The detected format category: 0 unknown, 1 SAM, 2 BAM, 3 CRAM, 4 other.
static inline int gx_hts_format_kind(const htsFile *fp) {
    const htsFormat *f = hts_get_format((htsFile *)fp);
    if (!f) return 0;
    switch (f->format) {
        case sam: return 1;
        case bam: return 2;
        case cram: return 3;
        default: return 4;
    }
}

/// The detected compression: 0 none, 1 gzip, 2 bgzf, 3 custom (CRAM), 4 other.
static inline int gx_hts_compression_kind(const htsFile *fp) {
    const htsFormat *f = hts_get_format((htsFile *)fp);
    if (!f) return 0;
    switch (f->compression) {
        case no_compression: return 0;
        case gzip: return 1;
        case bgzf: return 2;
        case custom: return 3;
        default: return 4;
    }
}

/// The BGZF error bits (BGZF_ERR_*) of a BGZF-backed file, or 0.
static inline int gx_hts_bgzf_errcode(const htsFile *fp) {
    if (!fp || !fp->is_bgzf || !fp->fp.bgzf) return 0;
    return fp->fp.bgzf->errcode;
}

/// 1 if a BGZF-backed file carries the EOF marker block, 0 if absent, 2 when it cannot be
/// checked (not BGZF, or not seekable), -1 on error.
static inline int gx_hts_check_eof(htsFile *fp) {
    if (!fp || !fp->is_bgzf || !fp->fp.bgzf) return 2;
    return bgzf_check_EOF(fp->fp.bgzf);
}

/// The current line number of a SAM text file (0 for other formats).
static inline int64_t gx_hts_lineno(const htsFile *fp) { return fp ? (int64_t)fp->lineno : 0; }

/// Sets the CRAM reference FASTA (the .fai is looked up beside it).
static inline int gx_cram_set_reference(htsFile *fp, const char *fasta) {
    return hts_set_opt(fp, CRAM_OPT_REFERENCE, fasta);
}

/// Asks CRAM decoding to decode everything (sequence, qualities, names, tags).
static inline int gx_cram_required_all(htsFile *fp) {
    return hts_set_opt(fp, CRAM_OPT_REQUIRED_FIELDS, (int)(SAM_QNAME | SAM_FLAG | SAM_RNAME | SAM_POS | SAM_MAPQ | SAM_CIGAR | SAM_RNEXT | SAM_PNEXT | SAM_TLEN | SAM_SEQ | SAM_QUAL | SAM_AUX | SAM_RGAUX));
}

/// Asks CRAM decoding to decode only the core fields needed for counting and flag statistics.
static inline int gx_cram_required_core(htsFile *fp) {
    return hts_set_opt(fp, CRAM_OPT_REQUIRED_FIELDS, (int)(SAM_FLAG | SAM_RNAME | SAM_POS | SAM_MAPQ | SAM_CIGAR | SAM_RNEXT | SAM_PNEXT | SAM_TLEN));
}

// ---- header ------------------------------------------------------------------------------

/// The number of reference sequences.
static inline int32_t gx_hdr_n_targets(const sam_hdr_t *h) { return h ? h->n_targets : 0; }

/// The name of reference sequence `tid`.
static inline const char *gx_hdr_target_name(const sam_hdr_t *h, int32_t tid) { return h->target_name[tid]; }

/// The length of reference sequence `tid`.
static inline int64_t gx_hdr_target_len(const sam_hdr_t *h, int32_t tid) { return (int64_t)sam_hdr_tid2len(h, tid); }

// ---- records ----------------------------------------------------------------------------

static inline int32_t gx_bam_tid(const bam1_t *b) { return b->core.tid; }
static inline int64_t gx_bam_pos(const bam1_t *b) { return (int64_t)b->core.pos; }
static inline uint16_t gx_bam_flag(const bam1_t *b) { return b->core.flag; }
static inline uint8_t gx_bam_mapq(const bam1_t *b) { return b->core.qual; }
static inline uint32_t gx_bam_n_cigar(const bam1_t *b) { return b->core.n_cigar; }
static inline int32_t gx_bam_l_qseq(const bam1_t *b) { return b->core.l_qseq; }
static inline int32_t gx_bam_mtid(const bam1_t *b) { return b->core.mtid; }
static inline int64_t gx_bam_mpos(const bam1_t *b) { return (int64_t)b->core.mpos; }
static inline int64_t gx_bam_isize(const bam1_t *b) { return (int64_t)b->core.isize; }
static inline uint16_t gx_bam_l_qname(const bam1_t *b) { return b->core.l_qname; }
static inline uint8_t gx_bam_l_extranul(const bam1_t *b) { return b->core.l_extranul; }
static inline int gx_bam_l_data(const bam1_t *b) { return b->l_data; }
static inline uint8_t *gx_bam_data(const bam1_t *b) { return b->data; }

/// bam_get_qname.
static inline const char *gx_bam_get_qname(const bam1_t *b) { return bam_get_qname(b); }
/// bam_get_cigar.
static inline const uint32_t *gx_bam_get_cigar(const bam1_t *b) { return bam_get_cigar(b); }
/// bam_get_seq.
static inline const uint8_t *gx_bam_get_seq(const bam1_t *b) { return bam_get_seq(b); }
/// bam_get_qual.
static inline const uint8_t *gx_bam_get_qual(const bam1_t *b) { return bam_get_qual(b); }
/// bam_get_aux.
static inline const uint8_t *gx_bam_get_aux(const bam1_t *b) { return bam_get_aux(b); }
/// bam_get_l_aux.
static inline int gx_bam_get_l_aux(const bam1_t *b) { return bam_get_l_aux(b); }
/// bam_seqi: the 4-bit code of base i.
static inline uint8_t gx_bam_seqi(const uint8_t *s, int i) { return bam_seqi(s, i); }
/// The 0-based exclusive end on the reference (pos + reference-consuming CIGAR length).
static inline int64_t gx_bam_endpos(const bam1_t *b) { return (int64_t)bam_endpos(b); }

// ---- iterators ---------------------------------------------------------------------------

/// sam_itr_next is a macro over hts_itr_next.
static inline int gx_sam_itr_next(htsFile *fp, hts_itr_t *itr, bam1_t *b) { return sam_itr_next(fp, itr, b); }

/// sam_itr_queryi: one 0-based half-open interval on reference `tid`.
static inline hts_itr_t *gx_sam_itr_queryi(const hts_idx_t *idx, int tid, int64_t beg, int64_t end) {
    return sam_itr_queryi(idx, tid, (hts_pos_t)beg, (hts_pos_t)end);
}

/// sam_index_load: the .bai/.csi/.crai beside `fn`, or NULL.
static inline hts_idx_t *gx_sam_index_load(htsFile *fp, const char *fn) { return sam_index_load(fp, fn); }

/// Silences htslib's own messages; gx reports errors itself.
static inline void gx_hts_quiet(void) { hts_set_log_level(HTS_LOG_OFF); }

#endif
