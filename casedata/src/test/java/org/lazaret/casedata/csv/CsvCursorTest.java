package org.lazaret.casedata.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokenizer: quoting, line endings, physical line numbers and its refusals. */
class CsvCursorTest {
  private static List<String> records(String text) throws Exception {
    CsvCursor cursor = new CsvCursor(new StringReader(text));
    List<String> out = new ArrayList<>();
    while (cursor.next()) {
      out.add(cursor.line() + ":" + String.join("|", cursor.fields()));
    }
    return out;
  }

  @Test
  void quotedFieldsLineEndingsAndBom() throws Exception {
    assertThat(records("\uFEFFa,b\r\n\"Korea, South\",\"say \"\"hi\"\"\"\n,\rx,\n"))
        .containsExactly("1:a|b", "2:Korea, South|say \"hi\"", "3:|", "4:x|");
  }

  @Test
  void quotedNewlinesKeepPhysicalLineNumbers() throws Exception {
    assertThat(records("h\n\"two\nlines\"\r\nnext\n\nlast"))
        .containsExactly("1:h", "2:two\nlines", "4:next", "5:", "6:last");
  }

  @Test
  void strayQuoteInsideAnUnquotedFieldIsText() throws Exception {
    assertThat(records("a\"b,c\n")).containsExactly("1:a\"b|c");
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> records("a,b\nc,\"open\n"))
        .isInstanceOfSatisfying(CsvSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(2);
          assertThat(e.reason()).isEqualTo("unterminated quoted field");
        });
    assertThatThrownBy(() -> records("\"a\"b\n"))
        .isInstanceOfSatisfying(CsvSyntaxException.class, e -> assertThat(e.column()).isEqualTo(1));
    String huge = "x".repeat(CsvCursor.FIELD_CHARS_MAX + 1);
    assertThatThrownBy(() -> records(huge)).isInstanceOf(CsvSyntaxException.class);
  }

  @Test
  void countsCharacters() throws Exception {
    CsvCursor cursor = new CsvCursor(new StringReader("ab,c\nd\n"));
    while (cursor.next()) {
      assertThat(cursor.charsRead()).isEqualTo(7);
    }
  }
}
