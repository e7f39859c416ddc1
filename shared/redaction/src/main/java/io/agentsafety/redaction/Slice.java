package io.agentsafety.redaction;

/** A window of a larger text without copying it, so RE2J runs on just the candidate region. */
final class Slice implements CharSequence {

    private final CharSequence text;
    private final int offset;
    private final int length;

    Slice(CharSequence text, int start, int end) {
        this.text = text;
        this.offset = start;
        this.length = end - start;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new Slice(text, offset + start, offset + end);
    }

    @Override
    public String toString() {
        return text.subSequence(offset, offset + length).toString();
    }
}
