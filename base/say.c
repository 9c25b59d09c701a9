/* base/say.c: building a two-language message and choosing its language. */
#include "say.h"

Say say(const char *fr, const char *en)
{
    Say s = { fr, en ? en : fr };
    return s;
}

const char *say_in(Say s, SayLang lang)
{
    return lang == SAY_EN && s.en ? s.en : s.fr;
}

const char *say_english(Say s, bool english)
{
    return say_in(s, english ? SAY_EN : SAY_FR);
}

const char *say_q_fr(const char *s) { return rt_sprintf("« %s »", s); }
const char *say_q_en(const char *s) { return rt_sprintf("“%s”", s); }

Say say_either(const char *const *words, int n)
{
    if (n == 1)
        return say(words[0], NULL);
    const char *head = rt_join(words, n - 1, ", ");
    return SAYF(("%s ou %s", head, words[n - 1]), ("%s or %s", head, words[n - 1]));
}
