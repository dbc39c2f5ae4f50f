#include "io/audio_decoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <system_error>
#include <utility>

namespace borough::io {
namespace {

// Demuxers we accept (FFmpeg short names). Anything else, notably playlists (hls, concat) that
// would open other files or URLs, and image or subtitle demuxers, is "not an audio or video file".
constexpr const char* kFormatWhitelist =
    "wav,w64,mp3,mov,mp4,m4a,3gp,3g2,mj2,ogg,flac,matroska,webm,aac,aiff,caf,asf,avi,mpeg,mpegts,"
    "amr,au,wv,ape,mpc,mpc8,tta,voc,flv,opus";

// Skipped packets further than this from the last decoded sample are filled with silence.
constexpr std::int64_t kGapFillMinSamples = kAudioSampleRate / 50;  // 20 ms
// A silence fill is capped so that a corrupt timestamp cannot make us emit hours of zeros.
constexpr std::int64_t kGapFillMaxSamples = std::int64_t{kAudioSampleRate} * 60;

std::string av_error_text(int err) {
    std::array<char, AV_ERROR_MAX_STRING_SIZE> buf{};
    av_strerror(err, buf.data(), buf.size());
    return std::string(buf.data());
}

std::string format_clock(std::int64_t ms) {
    if (ms < 0) ms = 0;
    const std::int64_t s = ms / 1000;
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>((s / 60) % 60), static_cast<long long>(s % 60));
    return std::string(buf.data());
}

struct FormatCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecFreer {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct SwrFreer {
    void operator()(SwrContext* c) const { swr_free(&c); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFreer {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};

class FfmpegAudioDecoder final : public AudioDecoder {
public:
    FfmpegAudioDecoder(std::string name, std::unique_ptr<AVFormatContext, FormatCloser> format,
                       std::unique_ptr<AVCodecContext, CodecFreer> codec, int stream_index, AudioInfo info)
        : name_(std::move(name)),
          format_(std::move(format)),
          codec_(std::move(codec)),
          packet_(av_packet_alloc()),
          frame_(av_frame_alloc()),
          stream_index_(stream_index),
          info_(std::move(info)) {}

    ~FfmpegAudioDecoder() override { av_channel_layout_uninit(&swr_layout_); }

    [[nodiscard]] bool allocated() const { return packet_ && frame_; }
    const AudioInfo& info() const override { return info_; }
    const std::vector<std::string>& warnings() const override { return warnings_; }

    Result<AudioBlock> next_block(std::size_t max_samples) override {
        if (max_samples == 0) {
            return fail(ErrorCode::InvalidInput, name_ + ": block size must be positive", name_);
        }
        while (buffered() < max_samples && !finished_) {
            BOROUGH_TRY_STATUS(pump());
        }
        return take_block(max_samples);
    }

private:
    [[nodiscard]] std::size_t buffered() const { return pending_.empty() ? 0 : pending_[0].size() - read_pos_; }

    [[nodiscard]] std::int64_t position_ms(std::int64_t samples) const { return samples * 1000 / kAudioSampleRate; }

    // Reads one packet (or flushes at the end) and appends what it decodes to pending_.
    Status pump() {
        if (draining_) {
            BOROUGH_TRY_STATUS(receive_frames());
            BOROUGH_TRY_STATUS(flush_resampler());
            finished_ = true;
            return {};
        }
        const int rc = av_read_frame(format_.get(), packet_.get());
        if (rc == AVERROR_EOF) {
            start_draining();
            return {};
        }
        if (rc < 0) {
            // A truncated or damaged container: keep what was decoded, say where it stopped.
            if (emitted_ + static_cast<std::int64_t>(buffered()) == 0 && !decoded_any_) {
                return fail(ErrorCode::InvalidInput, name_ + ": no audio could be decoded (" + av_error_text(rc) + ")",
                            name_);
            }
            warnings_.push_back(name_ + ": read error at " + format_clock(position_ms(decoded_samples_)) + " (" +
                                av_error_text(rc) + "), the rest of the file was not decoded");
            start_draining();
            return {};
        }
        if (packet_->stream_index != stream_index_) {
            av_packet_unref(packet_.get());
            return {};
        }
        const std::int64_t packet_ms = packet_time_ms();
        const int sent = avcodec_send_packet(codec_.get(), packet_.get());
        av_packet_unref(packet_.get());
        if (sent < 0 && sent != AVERROR(EAGAIN)) {
            warnings_.push_back(name_ + ": corrupt packet at " + format_clock(packet_ms) + ", skipped");
            after_error_ = true;
            return {};
        }
        return receive_frames();
    }

    void start_draining() {
        // A null packet puts the decoder in draining mode; receive_frames() then gets the tail.
        avcodec_send_packet(codec_.get(), nullptr);
        draining_ = true;
    }

    [[nodiscard]] std::int64_t packet_time_ms() const {
        const AVStream* stream = format_->streams[stream_index_];
        std::int64_t ts = packet_->pts != AV_NOPTS_VALUE ? packet_->pts : packet_->dts;
        if (ts == AV_NOPTS_VALUE) return position_ms(decoded_samples_);
        if (stream->start_time != AV_NOPTS_VALUE) ts -= stream->start_time;
        return av_rescale_q(ts, stream->time_base, AVRational{1, 1000});
    }

    Status receive_frames() {
        for (;;) {
            const int rc = avcodec_receive_frame(codec_.get(), frame_.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return {};
            if (rc < 0) {
                warnings_.push_back(name_ + ": corrupt audio at " + format_clock(position_ms(decoded_samples_)) +
                                    ", skipped");
                after_error_ = true;
                return {};
            }
            const Status st = convert_frame();
            av_frame_unref(frame_.get());
            BOROUGH_TRY_STATUS(st);
        }
    }

    // (Re)configures the resampler for the frame's format; streams may change rate mid-way.
    Status ensure_resampler() {
        const AVFrame& f = *frame_;
        const bool same = swr_ && f.format == swr_format_ && f.sample_rate == swr_rate_ &&
                          av_channel_layout_compare(&f.ch_layout, &swr_layout_) == 0;
        if (same) return {};
        if (swr_) BOROUGH_TRY_STATUS(flush_resampler());
        AVChannelLayout in_layout{};
        if (f.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || f.ch_layout.nb_channels == 0) {
            av_channel_layout_default(&in_layout, std::max(1, f.ch_layout.nb_channels));
        } else if (av_channel_layout_copy(&in_layout, &f.ch_layout) < 0) {
            return fail(ErrorCode::ResourceExhausted, name_ + ": out of memory", name_);
        }
        SwrContext* raw = nullptr;
        // Same channels out as in (planar float): the mono mix-down is ours, so the per-channel
        // signals stay available for stereo diarisation.
        int rc = swr_alloc_set_opts2(&raw, &in_layout, AV_SAMPLE_FMT_FLTP, kAudioSampleRate, &in_layout,
                                     static_cast<AVSampleFormat>(f.format), f.sample_rate, 0, nullptr);
        std::unique_ptr<SwrContext, SwrFreer> swr(raw);
        if (rc >= 0) rc = swr_init(swr.get());
        if (rc < 0) {
            av_channel_layout_uninit(&in_layout);
            return fail(ErrorCode::InvalidInput,
                        name_ + ": cannot convert its audio format (" + av_error_text(rc) + ")", name_);
        }
        swr_ = std::move(swr);
        swr_format_ = f.format;
        swr_rate_ = f.sample_rate;
        av_channel_layout_uninit(&swr_layout_);
        if (av_channel_layout_copy(&swr_layout_, &f.ch_layout) < 0) {
            av_channel_layout_uninit(&in_layout);
            return fail(ErrorCode::ResourceExhausted, name_ + ": out of memory", name_);
        }
        out_channels_ = in_layout.nb_channels;
        av_channel_layout_uninit(&in_layout);
        // The first layout fixes the block's channel count; append() maps later changes onto it.
        if (pending_.empty()) pending_.resize(static_cast<std::size_t>(out_channels_));
        return {};
    }

    Status convert_frame() {
        if (frame_->nb_samples <= 0) return {};
        BOROUGH_TRY_STATUS(ensure_resampler());
        maybe_fill_gap();
        const int in_samples = frame_->nb_samples;
        const int out_max = swr_get_out_samples(swr_.get(), in_samples);
        if (out_max <= 0) return {};
        return run_resampler(const_cast<const std::uint8_t**>(frame_->extended_data), in_samples, out_max);
    }

    Status flush_resampler() {
        if (!swr_) return {};
        const int out_max = swr_get_out_samples(swr_.get(), 0);
        if (out_max <= 0) return {};
        return run_resampler(nullptr, 0, out_max);
    }

    Status run_resampler(const std::uint8_t** in, int in_samples, int out_max) {
        const auto nch = static_cast<std::size_t>(out_channels_);
        scratch_.resize(nch);
        std::vector<std::uint8_t*> outs(nch);
        for (std::size_t c = 0; c < nch; ++c) {
            scratch_[c].resize(static_cast<std::size_t>(out_max));
            outs[c] = reinterpret_cast<std::uint8_t*>(scratch_[c].data());
        }
        const int got = swr_convert(swr_.get(), outs.data(), out_max, in, in_samples);
        if (got < 0) {
            return fail(ErrorCode::InvalidInput,
                        name_ + ": resampling failed at " + format_clock(position_ms(decoded_samples_)) + " (" +
                            av_error_text(got) + ")",
                        name_);
        }
        append(static_cast<std::size_t>(got));
        return {};
    }

    // Appends `n` samples per channel from scratch_ to pending_. If a stream changed its channel
    // count mid-way (rare: broadcast captures), missing channels repeat the last one and extra
    // channels are dropped, so block shapes never change.
    void append(std::size_t n) {
        if (n == 0) return;
        const std::size_t kept = pending_.size();
        const std::size_t have = scratch_.size();
        for (std::size_t c = 0; c < kept; ++c) {
            const std::vector<float>& src = scratch_[std::min(c, have - 1)];
            pending_[c].insert(pending_[c].end(), src.begin(), src.begin() + static_cast<std::ptrdiff_t>(n));
        }
        decoded_samples_ += static_cast<std::int64_t>(n);
        decoded_any_ = true;
    }

    // After a skipped packet, the next frame's timestamp says how much audio was lost; fill it with
    // silence so later block times (and transcript timestamps) stay aligned with the recording.
    void maybe_fill_gap() {
        if (!after_error_) return;
        after_error_ = false;
        const AVStream* stream = format_->streams[stream_index_];
        std::int64_t ts = frame_->best_effort_timestamp;
        if (ts == AV_NOPTS_VALUE) return;
        if (stream->start_time != AV_NOPTS_VALUE) ts -= stream->start_time;
        const std::int64_t expected = av_rescale_q(ts, stream->time_base, AVRational{1, kAudioSampleRate});
        const std::int64_t gap = expected - decoded_samples_;
        if (gap < kGapFillMinSamples) return;
        const auto fill = static_cast<std::size_t>(std::min(gap, kGapFillMaxSamples));
        for (std::vector<float>& ch : pending_) ch.insert(ch.end(), fill, 0.0F);
        decoded_samples_ += static_cast<std::int64_t>(fill);
    }

    Result<AudioBlock> take_block(std::size_t max_samples) {
        AudioBlock block;
        block.start_ms = position_ms(emitted_);
        const std::size_t n = std::min(max_samples, buffered());
        if (n == 0) return block;
        const std::size_t nch = pending_.size();
        block.mono.resize(n);
        if (nch == 1) {
            std::copy_n(pending_[0].begin() + static_cast<std::ptrdiff_t>(read_pos_), n, block.mono.begin());
        } else {
            block.channels.resize(nch);
            const float scale = 1.0F / static_cast<float>(nch);
            for (std::size_t c = 0; c < nch; ++c) {
                const auto first = pending_[c].begin() + static_cast<std::ptrdiff_t>(read_pos_);
                block.channels[c].assign(first, first + static_cast<std::ptrdiff_t>(n));
                for (std::size_t i = 0; i < n; ++i) block.mono[i] += block.channels[c][i] * scale;
            }
        }
        for (float& s : block.mono) s = std::clamp(s, -1.0F, 1.0F);
        for (std::vector<float>& ch : block.channels) {
            for (float& s : ch) s = std::clamp(s, -1.0F, 1.0F);
        }
        read_pos_ += n;
        emitted_ += static_cast<std::int64_t>(n);
        // Compact once the consumed prefix dominates, so memory stays about one block per channel.
        if (read_pos_ >= pending_[0].size() / 2) {
            for (std::vector<float>& ch : pending_) {
                ch.erase(ch.begin(), ch.begin() + static_cast<std::ptrdiff_t>(read_pos_));
            }
            read_pos_ = 0;
        }
        return block;
    }

    std::string name_;
    std::unique_ptr<AVFormatContext, FormatCloser> format_;
    std::unique_ptr<AVCodecContext, CodecFreer> codec_;
    std::unique_ptr<AVPacket, PacketFreer> packet_;
    std::unique_ptr<AVFrame, FrameFreer> frame_;
    std::unique_ptr<SwrContext, SwrFreer> swr_;
    AVChannelLayout swr_layout_{};
    int swr_format_ = -1;
    int swr_rate_ = 0;
    int out_channels_ = 0;
    int stream_index_ = -1;
    AudioInfo info_;
    std::vector<std::string> warnings_;
    std::vector<std::vector<float>> pending_;  // per channel, 16 kHz, from read_pos_ on unread
    std::vector<std::vector<float>> scratch_;  // resampler output, reused
    std::size_t read_pos_ = 0;
    std::int64_t emitted_ = 0;          // samples handed out in blocks
    std::int64_t decoded_samples_ = 0;  // samples appended to pending_ (incl. silence fills)
    bool decoded_any_ = false;
    bool after_error_ = false;
    bool draining_ = false;
    bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<AudioDecoder>> AudioDecoder::open(const std::filesystem::path& path) {
    // FFmpeg's own logging would print file details to stderr; errors come back as Results instead.
    av_log_set_level(AV_LOG_QUIET);
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ErrorCode::NotFound, name + ": file not found", name);
    }
    if (!std::filesystem::is_regular_file(status)) {
        return fail(ErrorCode::InvalidInput, name + ": not a regular file", name);
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return fail(ErrorCode::Unavailable, name + ": cannot read (" + ec.message() + ")", name);
    if (size == 0) return fail(ErrorCode::InvalidInput, name + ": is empty", name);

    AVFormatContext* raw = avformat_alloc_context();
    if (raw == nullptr) return fail(ErrorCode::ResourceExhausted, name + ": out of memory", name);
    AVDictionary* options = nullptr;
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    av_dict_set(&options, "format_whitelist", kFormatWhitelist, 0);
    // "file:" so that a name like "http:x.mp3" or "concat:a|b" is still just a local file.
    const std::string url = "file:" + std::filesystem::absolute(path, ec).string();
    int rc = avformat_open_input(&raw, url.c_str(), nullptr, &options);
    av_dict_free(&options);
    if (rc < 0) {  // avformat_open_input frees the context on failure
        if (rc == AVERROR(ENOENT)) return fail(ErrorCode::NotFound, name + ": file not found", name);
        if (rc == AVERROR(EACCES)) {
            return fail(ErrorCode::Unavailable, name + ": permission denied", name);
        }
        return fail(ErrorCode::InvalidInput, name + ": not an audio or video file", name);
    }
    std::unique_ptr<AVFormatContext, FormatCloser> format(raw);
    rc = avformat_find_stream_info(format.get(), nullptr);
    if (rc < 0) return fail(ErrorCode::InvalidInput, name + ": not an audio or video file", name);

    const int index = av_find_best_stream(format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (index < 0) return fail(ErrorCode::InvalidInput, name + ": has no audio stream", name);
    AVStream* stream = format->streams[index];
    // Everything but the chosen stream is dropped by the demuxer (video packets are not even read
    // into memory where the container allows it).
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        if (static_cast<int>(i) != index) format->streams[i]->discard = AVDISCARD_ALL;
    }
    const AVCodecParameters* par = stream->codecpar;
    const AVCodec* decoder = avcodec_find_decoder(par->codec_id);
    if (decoder == nullptr) {
        return fail(ErrorCode::InvalidInput, name + ": unsupported codec '" + avcodec_get_name(par->codec_id) + "'",
                    name);
    }
    std::unique_ptr<AVCodecContext, CodecFreer> codec(avcodec_alloc_context3(decoder));
    if (!codec) return fail(ErrorCode::ResourceExhausted, name + ": out of memory", name);
    if (avcodec_parameters_to_context(codec.get(), par) < 0 || avcodec_open2(codec.get(), decoder, nullptr) < 0) {
        return fail(ErrorCode::InvalidInput, name + ": unsupported codec '" + avcodec_get_name(par->codec_id) + "'",
                    name);
    }
    if (par->ch_layout.nb_channels <= 0 || par->sample_rate <= 0) {
        return fail(ErrorCode::InvalidInput, name + ": not an audio or video file", name);
    }

    AudioInfo info;
    info.channels = par->ch_layout.nb_channels;
    info.sample_rate = par->sample_rate;
    info.codec = avcodec_get_name(par->codec_id);
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
        info.duration_ms = av_rescale_q(stream->duration, stream->time_base, AVRational{1, 1000});
    } else if (format->duration != AV_NOPTS_VALUE && format->duration > 0) {
        info.duration_ms = av_rescale(format->duration, 1000, AV_TIME_BASE);
    }
    auto decoder_obj =
        std::make_unique<FfmpegAudioDecoder>(name, std::move(format), std::move(codec), index, std::move(info));
    if (!decoder_obj->allocated()) return fail(ErrorCode::ResourceExhausted, name + ": out of memory", name);
    return std::unique_ptr<AudioDecoder>(std::move(decoder_obj));
}

Result<AudioBlock> decode_audio_file(const std::filesystem::path& path, std::int64_t max_ms) {
    BOROUGH_TRY(auto decoder, AudioDecoder::open(path));
    const std::int64_t limit = max_ms > 0 ? max_ms * kAudioSampleRate / 1000 : std::numeric_limits<std::int64_t>::max();
    AudioBlock whole;
    constexpr std::size_t kChunk = kAudioSampleRate * 10;
    while (static_cast<std::int64_t>(whole.mono.size()) < limit) {
        const auto want = static_cast<std::size_t>(std::min<std::int64_t>(
            static_cast<std::int64_t>(kChunk), limit - static_cast<std::int64_t>(whole.mono.size())));
        BOROUGH_TRY(AudioBlock block, decoder->next_block(want));
        if (block.empty()) break;
        whole.mono.insert(whole.mono.end(), block.mono.begin(), block.mono.end());
        if (!block.channels.empty()) {
            whole.channels.resize(block.channels.size());
            for (std::size_t c = 0; c < block.channels.size(); ++c) {
                whole.channels[c].insert(whole.channels[c].end(), block.channels[c].begin(), block.channels[c].end());
            }
        }
    }
    return whole;
}

}  // namespace borough::io
