// The renderer's own words (everything else on a page comes from Jisr), per language; a
// language without its own entry uses English.
'use strict';

const STRINGS = {
  en: {
    languages: 'Languages',
    corrections: 'Corrections',
    correction: 'Correction:',
    clarification: 'Clarification:',
    notFoundTitle: 'Page not found',
    notFoundText: 'There is no published story at this address.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableText: 'This page cannot be shown right now. Please try again in a moment.',
    authorSeparator: ', ',
  },
  ar: {
    languages: 'اللغات',
    corrections: 'تصحيحات',
    correction: 'تصحيح:',
    clarification: 'توضيح:',
    notFoundTitle: 'الصفحة غير موجودة',
    notFoundText: 'لا توجد قصة منشورة على هذا العنوان.',
    unavailableTitle: 'الصفحة غير متاحة مؤقتًا',
    unavailableText: 'لا يمكن عرض هذه الصفحة الآن. يُرجى المحاولة بعد قليل.',
    authorSeparator: '، ',
  },
};

function stringsFor(language) {
  return STRINGS[language] || STRINGS.en;
}

module.exports = { stringsFor };
