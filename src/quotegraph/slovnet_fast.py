"""Faster numpy inference of slovnet's morphology, NER and syntax models, with natasha's results.

The weights are the ones natasha loads (no model files of our own, nothing changed in them);
only the arithmetic is arranged differently, on the tokens quotegraph already has:

- razdel runs once per text (its tokenizer as ``razdel_fast``, the same tokens faster); one word / shape encoding and one navec lookup per text serve
  both taggers, with a per-process cache of word codes (news repeats its words);
- ``Exact`` is slovnet's CNN arithmetic operation for operation (same matrix products, same
  shapes, same element order, same float32 steps), so its scores are slovnet's bit for bit;
  it only builds the convolution windows with three strided copies instead of slovnet's
  transposing reshape. NER (which slovnet runs on a whole text as one sequence) and the
  syntax parser use it, so their spans and trees are slovnet's by construction; the CRF's
  Viterbi is slovnet's own sums in the same order, with fewer numpy calls per step;
- morphology: slovnet tags 8 sentences at a time padded to the longest, and BLAS results
  depend (by ~1e-6) on the matrix shapes, so only that batching reproduces its scores bit
  for bit. ``Morph`` instead tags all of a text's sentences in one pass without padding,
  computes the first layer once per distinct word, and folds BatchNorm into one scale and
  shift. Its scores differ from slovnet's by float rounding only, so their argmax can differ
  only where the two best tags are nearly tied: every batch of 8 holding a token whose two
  best scores are closer than ``MARGIN`` is tagged again with ``Exact``, as slovnet batches it.
"""
from __future__ import annotations

import numpy as np

BATCH = 8  # slovnet's batch size (natasha's default): sentence i is tagged in batch i // 8
# A token whose two best morph scores are closer than this is re-tagged the slovnet way. The fast
# argmax is slovnet's whenever every score differs from slovnet's by less than MARGIN / 2; on
# NEREL (train, dev and test: 250k tokens) they differ by at most 6e-5, 80x less. About 1 token
# in 2,000 is re-tagged.
MARGIN = 1e-2
# Tokens tagged in one pass: NER runs on a text as one sequence, morphology on its sentences
# laid end to end; a longer text goes in parts of this size, so memory stays bounded (~30 MB).
WINDOW = 4_096
CACHE_WORDS = 50_000  # word codes kept per process; the cache is emptied when it fills


class Codes:
    """word -> (navec word id, shape id), as slovnet's ``WordShapeEncoder.item`` computes them,
    cached. Morphology and NER share the vocabularies (checked at load)."""

    def __init__(self, words_vocab, shapes_vocab):
        from slovnet.shape import word_shape

        self.words_vocab, self.shapes_vocab, self.word_shape = words_vocab, shapes_vocab, word_shape
        self.pad_id = words_vocab.pad_id
        self.shapes = len(shapes_vocab.items)
        self.cache: dict[str, int] = {}

    def code(self, word: str) -> int:
        code = self.words_vocab.encode(word.lower()) * self.shapes + self.shapes_vocab.encode(self.word_shape(word))
        if len(self.cache) >= CACHE_WORDS:
            self.cache.clear()
        self.cache[word] = code
        return code

    def __call__(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        get, code = self.cache.get, self.code
        codes = np.array([c if (c := get(w)) is not None else code(w) for w in words], dtype=np.int64)
        return codes // self.shapes, codes % self.shapes


class Exact:
    """slovnet's ``Tag`` model arithmetic, operation for operation: the same matrix products
    (same shapes, same operand layouts, same (channel, offset) order of the conv windows), the
    same float32 element-wise steps in the same order. So its scores are slovnet's bit for bit
    (checked by tests/test_nlp.py); only the copies are cheaper."""

    def __init__(self, model):
        self.shape_weight = model.emb.shape.weight.array
        self.layers = []
        for layer in model.encoder.layers:
            conv, norm = layer.conv, layer.norm
            filters, channels, kernel = conv.weight.shape
            if conv.padding != 1 or kernel != 3:
                raise ValueError("slovnet_fast expects convolutions of kernel 3, padding 1")
            # the operand slovnet hands to matmul: a transposed view of the reshaped weight
            self.layers.append((conv.weight.array.reshape(filters, channels * kernel).T, conv.bias.array,
                                norm.mean.array, norm.std.array, norm.weight.array, norm.bias.array))
        proj = getattr(model.head, "proj", None)  # the taggers' Linear head (not the parser's)
        self.proj_weight, self.proj_bias = (proj.weight.array, proj.bias.array) if proj else (None, None)

    def encode(self, words: np.ndarray, shape_ids: np.ndarray, pad: np.ndarray | None = None) -> np.ndarray:
        """The CNN encoder's output (batch, length, 64); ``words``: navec vectors (batch, length,
        300), ``shape_ids`` (batch, length), ``pad``: (batch, length) True on padding, or None."""
        batch, length, dim = words.shape
        x = np.zeros((batch, length + 2, dim + self.shape_weight.shape[1]), dtype=np.float32)
        x[:, 1:-1, :dim] = words
        x[:, 1:-1, dim:] = self.shape_weight[shape_ids]
        for weight, bias, mean, std, gamma, beta in self.layers:
            cols = np.empty((batch, length, x.shape[2], 3), dtype=np.float32)
            for k in range(3):  # slovnet's Conv1d windows, in its (channel, offset) order
                cols[..., k] = x[:, k:k + length]
            h = np.matmul(cols.reshape(batch * length, -1), weight)
            h += bias
            np.maximum(h, 0, out=h)  # slovnet's ReLU (``clip(0)``: the same values, fewer copies)
            x = np.zeros((batch, length + 2, h.shape[1]), dtype=np.float32)
            y = x[:, 1:-1]
            np.subtract(h.reshape(batch, length, -1), mean, out=y)  # slovnet's BatchNorm1d
            np.divide(y, std, out=y)
            np.multiply(y, gamma, out=y)
            np.add(y, beta, out=y)
            if pad is not None:
                y[pad] = 0
        return x[:, 1:-1]

    def scores(self, words: np.ndarray, shape_ids: np.ndarray, pad: np.ndarray | None = None) -> np.ndarray:
        """The tagger's (batch, length, tags) scores (arguments as ``encode``)."""
        x = self.encode(words, shape_ids, pad)
        batch, length, _ = x.shape
        out = np.matmul(x.reshape(batch * length, -1), self.proj_weight) + self.proj_bias
        return out.reshape(batch, length, -1)


class Syntax:
    """slovnet's syntax parser on word-id batches: ``Exact``'s encoder, then slovnet's own
    head and relation modules and decoding, so its trees are slovnet's."""

    def __init__(self, api, codes: Codes, navec):
        encoder = api.infer.encoder
        if (encoder.words_vocab.items != codes.words_vocab.items or encoder.shapes_vocab.items != codes.shapes_vocab.items
                or api.infer.model.emb.word.id != navec.meta.id):
            raise ValueError("slovnet_fast expects the parser on the taggers' navec and vocabulary")
        self.model = api.infer.model
        self.exact = Exact(self.model)
        self.rels = api.infer.decoder.rels_vocab.items

    def parse(self, words: np.ndarray, shape_ids: np.ndarray, pad: np.ndarray) -> list[tuple[list[int], list[str]]]:
        """Each sentence's head indexes (0: the root, k: the k-th token) and relations, for one
        padded batch (as slovnet's encoder pads it) of navec vectors and shape ids."""
        model, mask = self.model, ~pad
        x = self.exact.encode(words, shape_ids, pad)
        head_scores = model.head(x)  # slovnet's Syntax.__call__ from here on
        heads = model.head.decode(head_scores, mask)  # slovnet decodes them twice, the same way
        rel_scores = model.rel(x, heads)
        rels = model.rel.decode(rel_scores, mask)
        out = []
        for head, rel, size in zip(heads, rels, mask.sum(-1)):  # split_masked
            out.append((head[:size].tolist(), [self.rels[r] for r in rel[:size].tolist()]))
        return out


class NER:
    """slovnet's NER on one text's tokens, with slovnet's exact scores (see the module doc)."""

    def __init__(self, api):
        model = api.infer.model
        self.exact = Exact(model)
        self.transitions = model.head.crf.transitions.array
        self.tags = [_bio(tag) for tag in api.infer.decoder.tags_vocab.items]

    def emissions(self, vectors: np.ndarray, pair_of: np.ndarray, shape_ids: np.ndarray) -> np.ndarray:
        """(tokens, tags) scores of a text's tokens; ``vectors``: navec vectors of its distinct
        (word, shape) pairs, ``pair_of``: each token's pair. Up to WINDOW tokens in one pass (as
        slovnet); a longer text in windows overlapping by each convolution's reach, so the
        scores are the same but for float rounding and memory stays bounded."""
        n = len(pair_of)
        if n <= WINDOW:
            return self.exact.scores(vectors[pair_of][None], shape_ids[None])[0]
        reach = len(self.exact.layers)  # kernel 3: one token each side per layer
        out = None
        for at in range(0, n, WINDOW):
            lo, hi = max(0, at - reach), min(n, at + WINDOW + reach)
            part = self.exact.scores(vectors[pair_of[lo:hi]][None], shape_ids[None, lo:hi])[0]
            if out is None:
                out = np.empty((n, part.shape[1]), dtype=part.dtype)
            out[at:min(n, at + WINDOW)] = part[at - lo:at - lo + min(WINDOW, n - at)]
        return out

    def decode(self, emissions: np.ndarray) -> list[int]:
        """slovnet's ``CRF.decode`` for one unpadded sequence: the same float32 sums, in the same
        order, so the same path (ties go to the lowest tag, as numpy's argmax)."""
        n, count = emissions.shape
        history = np.empty((max(n - 1, 0), count), dtype=np.intp)
        score = emissions[0]
        # s[j, i] = score[i] + transitions[i, j] + emissions[j]: slovnet's sums, transposed so
        # that the argmax over i runs along rows; the new score is s at the argmax (its max)
        s = np.empty((count, count), dtype=np.float32)
        flat, at, rows = s.reshape(-1), np.empty(count, dtype=np.intp), np.arange(count) * count
        transposed, add = np.ascontiguousarray(self.transitions.T), np.add
        for column, back in zip(list(emissions[1:, :, None]), list(history)):
            add(score, transposed, out=s)
            add(s, column, out=s)
            s.argmax(1, out=back)
            add(back, rows, out=at)
            score = flat.take(at)
        best = int(score.argmax())
        tags = [best]
        for row in history[::-1].tolist():
            best = row[best]
            tags.append(best)
        tags.reverse()
        return tags

    def spans(self, starts: list[int], stops: list[int], tag_ids: list[int]) -> list[tuple[int, int, str]]:
        """slovnet's ``bio_spans`` over the tokens' offsets."""
        spans, previous, start, stop = [], None, 0, 0
        for token_start, token_stop, tag in zip(starts, stops, tag_ids):
            part, type = self.tags[tag]
            if part == "O":
                if previous:
                    spans.append((start, stop, previous))
                    previous = None
            elif part == "B":
                if previous:
                    spans.append((start, stop, previous))
                previous, start, stop = type, token_start, token_stop
            elif part == "I":
                stop = token_stop
        if previous:
            spans.append((start, stop, previous))
        return spans


def _bio(tag: str) -> tuple[str, str | None]:
    part, _, type = tag.partition("-")
    return part, type or None


class Morph:
    """slovnet's morphology tagger on all the sentences of a text at once (see the module doc)."""

    def __init__(self, api):
        from slovnet.conll import parse_conll_tag

        model = api.infer.model
        self.exact = Exact(model)
        self.shape_weight = model.emb.shape.weight.array
        self.layers = []
        for layer in model.encoder.layers:
            weight, bias = layer.conv.weight.array, layer.conv.bias.array
            mean, std, gamma, beta = (layer.norm.mean.array, layer.norm.std.array,
                                      layer.norm.weight.array, layer.norm.bias.array)
            # (channels, 3 * filters): offset k's filters in columns k*filters:(k+1)*filters
            stacked = np.ascontiguousarray(np.concatenate([weight[:, :, k].T for k in range(3)], axis=1))
            scale = (gamma / std).astype(np.float32)
            self.layers.append((stacked, bias, scale, (beta - mean * scale).astype(np.float32)))
        self.proj_weight, self.proj_bias = model.head.proj.weight.array, model.head.proj.bias.array
        self.tags = [parse_conll_tag(tag) for tag in api.infer.decoder.tags_vocab.items]

    def tag_ids(self, vectors: np.ndarray, pair_shapes: np.ndarray, pair_of: np.ndarray,
                sentences: list[tuple[int, int]], word_ids: np.ndarray, shape_ids: np.ndarray,
                embed, pad_id: int) -> list[list[int]]:
        """Tag ids of each sentence's tokens; a sentence is a ``(first, last + 1)`` range of the
        text's tokens. ``vectors``/``pair_shapes``: navec vectors and shape ids of the distinct
        (word, shape) pairs, ``pair_of``: each token's pair; ``word_ids``/``shape_ids``: each
        token's, and ``embed`` (word ids -> navec vectors), for the exact recomputation."""
        if not any(last > first for first, last in sentences):
            return [[] for _ in sentences]
        stacked = self.layers[0][0]
        pairs = np.zeros((len(vectors) + 1, vectors.shape[1] + self.shape_weight.shape[1]), dtype=np.float32)
        pairs[:-1, :vectors.shape[1]] = vectors
        pairs[:-1, vectors.shape[1]:] = self.shape_weight[pair_shapes]
        first_layer = np.matmul(pairs, stacked)  # once per distinct pair; last pair: zero rows
        best, close = [], []
        for group in _groups(sentences, WINDOW):  # sentences are independent: tag them in groups
            group_best, group_close = self._best(first_layer, group, pair_of, len(vectors))
            best += group_best
            close.append(group_close)
        close = np.concatenate(close)
        out, at = [], 0
        for first, last in sentences:
            out.append(best[at:at + last - first])
            at += last - first
        if close.any():
            self._exact(out, sentences, close, word_ids, shape_ids, embed, pad_id)
        return out

    def _best(self, first_layer, sentences, pair_of, separator) -> tuple[list[int], np.ndarray]:
        """Each token's best tag id, and whether its two best scores are closer than MARGIN."""
        rows, real = _rows(sentences, pair_of, separator)
        _, bias, scale, shift = self.layers[0]
        x = _finish(first_layer[rows], bias, scale, shift, real)
        for stacked, bias, scale, shift in self.layers[1:]:
            x = _finish(np.matmul(x, stacked), bias, scale, shift, real)
        logits = np.matmul(x[real], self.proj_weight)
        logits += self.proj_bias
        best = logits.argmax(1)
        ar = np.arange(len(best))
        top = logits[ar, best]
        logits[ar, best] = -np.inf
        return best.tolist(), (top - logits.max(1)) < MARGIN

    def _exact(self, out, sentences, close, word_ids, shape_ids, embed, pad_id):
        """Tag again, as slovnet does, the batches of 8 sentences holding a near tie: the same
        sentences padded to the same length, through the same arithmetic (``Exact``)."""
        batches, at = set(), 0
        for index, (first, last) in enumerate(sentences):
            if close[at:at + last - first].any():
                batches.add(index // BATCH)
            at += last - first
        for batch in sorted(batches):
            chosen = range(batch * BATCH, min(len(sentences), (batch + 1) * BATCH))
            ids, shapes, pad = _pad([(word_ids[sentences[i][0]:sentences[i][1]],
                                      shape_ids[sentences[i][0]:sentences[i][1]]) for i in chosen], pad_id)
            pred = self.exact.scores(embed(ids), shapes, pad).argmax(-1)
            for i, tags, size in zip(chosen, pred, (~pad).sum(-1)):  # slovnet's split_masked
                out[i] = tags[:size].tolist()


def _groups(sentences, most: int):
    """Consecutive runs of sentences holding at most ``most`` tokens (or one longer sentence)."""
    group, size = [], 0
    for first, last in sentences:
        if group and size + last - first > most:
            yield group
            group, size = [], 0
        group.append((first, last))
        size += last - first
    if group:
        yield group


def _rows(sentences, unique, separator):
    """The flat layout: a zero row, then each sentence's tokens followed by a zero row.
    Returns each row's pair index (``separator`` for zero rows) and which rows are tokens."""
    total = sum(last - first for first, last in sentences) + len(sentences) + 1
    rows = np.full(total, separator, dtype=np.intp)
    real = np.zeros(total, dtype=bool)
    at = 1
    for first, last in sentences:
        rows[at:at + last - first] = unique[first:last]
        real[at:at + last - first] = True
        at += last - first + 1
    return rows, real


def _finish(per_row, bias, scale, shift, real):
    """A conv layer's output from each row's (3 * filters) products, then ReLU and BatchNorm;
    zero rows stay zero (slovnet's padding mask). Returns (rows, filters) with zero ends."""
    filters = bias.shape[0]
    x = np.zeros((per_row.shape[0], filters), dtype=np.float32)
    y = x[1:-1]
    np.add(per_row[:-2, :filters], per_row[1:-1, filters:2 * filters], out=y)
    y += per_row[2:, 2 * filters:]
    y += bias
    np.maximum(y, 0, out=y)
    y *= scale
    y += shift
    y[~real[1:-1]] = 0
    return x


def _pad(rows: list[tuple[np.ndarray, np.ndarray]], pad_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word ids, shape ids) of sentences -> a padded batch and its padding mask, as slovnet's
    ``WordShapeEncoder.input`` makes it (the shapes' <pad> is id 0, checked at load)."""
    length = max((len(word_ids) for word_ids, _ in rows), default=0)
    ids = np.full((len(rows), length), pad_id, dtype=np.int64)
    shapes = np.zeros((len(rows), length), dtype=np.int64)
    for row, (word_ids, shape_ids) in enumerate(rows):
        ids[row, :len(word_ids)], shapes[row, :len(shape_ids)] = word_ids, shape_ids
    return ids, shapes, ids == pad_id


class Analyzer:
    """Segmentation (razdel, once), morphology and NER of one text, as natasha's ``Doc`` gives them:
    ``doc.segment``, ``doc.tag_morph``, ``doc.tag_ner``. Takes natasha's loaded taggers."""

    def __init__(self, morph_api, ner_api, navec, max_sentence: int = 500):
        self.max_sentence = max_sentence  # tokens; a longer sentence is tagged in parts (``_cut``)
        morph_encoder, ner_encoder = morph_api.infer.encoder, ner_api.infer.encoder
        if (morph_encoder.words_vocab.items != ner_encoder.words_vocab.items
                or morph_encoder.shapes_vocab.items != ner_encoder.shapes_vocab.items
                or morph_api.infer.model.emb.word.id != navec.meta.id
                or ner_api.infer.model.emb.word.id != navec.meta.id):
            raise ValueError("slovnet_fast expects morphology and NER on one navec and one vocabulary")
        self.codes = Codes(morph_encoder.words_vocab, morph_encoder.shapes_vocab)
        # navec's product quantisation: a word's vector is, for each of its 100 chunks, one of 256
        # centroids (3 floats): gather (chunk * 256 + index) rows of the centroids, flattened
        qdim, centroids, _ = navec.pq.codes.shape
        self.indexes, self.centroids = navec.pq.indexes, np.ascontiguousarray(navec.pq.codes).reshape(qdim * centroids, -1)
        self.chunks = (np.arange(qdim) * centroids).astype(np.intp)
        if morph_encoder.shapes_vocab.pad_id != 0:
            raise ValueError("slovnet_fast expects the shapes' <pad> to be id 0")
        self.morph, self.ner = Morph(morph_api), NER(ner_api)

    def __call__(self, text: str):
        """(tokens, sentences, tags, spans): razdel's tokens (``.start``, ``.stop``, ``.text``); each
        sentence as (start, stop, first token, last token + 1); each sentence's morph tag ids
        (see ``self.morph.tags``); NER spans as (start, stop, type)."""
        from razdel import sentenize

        from .razdel_fast import tokenize

        tokens = tokenize(text)
        sentences = _cut(_envelop(tokens, list(sentenize(text)) if text else []), tokens, self.max_sentence)
        if not tokens:
            return tokens, sentences, [[] for _ in sentences], []
        word_ids, shape_ids = self.codes([t.text for t in tokens])
        codes = word_ids * self.codes.shapes + shape_ids
        pairs, pair_of = np.unique(codes, return_inverse=True)
        vectors = self.embed(pairs // self.codes.shapes)
        ranges = [(first, last) for _, _, first, last in sentences]
        tags = self.morph.tag_ids(vectors, pairs % self.codes.shapes, pair_of, ranges, word_ids, shape_ids,
                                  self.embed, self.codes.pad_id)
        spans = self._ner(tokens, vectors, pair_of, shape_ids) if text.strip() else []
        return tokens, sentences, tags, spans

    def padded(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """word ids, shape ids and padding mask of a batch, as slovnet's ``WordShapeEncoder.input``."""
        return _pad([self.codes(words) for words in sentences], self.codes.pad_id)

    def parse(self, syntax: Syntax, sentences: list[list[str]]) -> list[tuple[list[int], list[str]]]:
        """slovnet's syntax trees of the sentences (their words), in its batches of 8."""
        out = []
        for at in range(0, len(sentences), BATCH):
            ids, shapes, pad = self.padded(sentences[at:at + BATCH])
            out += syntax.parse(self.embed(ids), shapes, pad)
        return out

    def embed(self, word_ids: np.ndarray) -> np.ndarray:
        """navec vectors (..., 300) of word ids (...), the values slovnet's NavecEmbedding gives."""
        flat = np.take(self.centroids, (self.indexes[word_ids.ravel()] + self.chunks).ravel(), axis=0)
        return flat.reshape(*word_ids.shape, -1)

    def _ner(self, tokens, vectors, pair_of, shape_ids):
        tag_ids = self.ner.decode(self.ner.emissions(vectors, pair_of, shape_ids))
        return self.ner.spans([t.start for t in tokens], [t.stop for t in tokens], tag_ids)


def _cut(sentences, tokens, most: int) -> list[tuple[int, int, int, int]]:
    """Sentences of over ``most`` tokens (run-on lines, tables, hostile text) in parts of
    ``most``: the taggers' memory grows with a sentence's length (news has none that long)."""
    out = []
    for start, stop, first, last in sentences:
        if last - first <= most:
            out.append((start, stop, first, last))
            continue
        for at in range(first, last, most):
            end = min(at + most, last)
            out.append((start if at == first else tokens[at].start, stop if end == last else tokens[end - 1].stop, at, end))
    return out


def _envelop(tokens, sents) -> list[tuple[int, int, int, int]]:
    """natasha's ``envelop_spans`` of tokens into sentences, as token index ranges."""
    out, index = [], 0
    for sent in sents:
        first = None
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token.start < sent.start:
                continue
            if token.stop <= sent.stop:
                if first is None:
                    first = index - 1
            else:
                index -= 1
                break
        out.append((sent.start, sent.stop, index if first is None else first, index))
    return out
