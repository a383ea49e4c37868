// The scraped-page importer against the real seed article, its Arabic translation, and the
// inputs a newsroom's scrapes vary in.
#include "clients/import/scraped_article.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"

namespace jisr::import {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const absl::Time kSeedUpdateTime =
    absl::FromCivil(absl::CivilMinute(2023, 6, 19, 13, 6), absl::UTCTimeZone());

std::vector<std::string> ParagraphTexts(const jisr::v1::Variant& variant) {
  std::vector<std::string> texts;
  for (const auto& block : variant.blocks()) {
    if (block.has_paragraph()) texts.push_back(block.paragraph().text());
  }
  return texts;
}

std::vector<std::string> BlockIds(const jisr::v1::Variant& variant) {
  std::vector<std::string> ids;
  for (const auto& block : variant.blocks()) ids.push_back(block.id());
  return ids;
}

std::vector<std::string> ExpectedSeedIds() {
  std::vector<std::string> ids;
  for (int i = 1; i <= 19; ++i) ids.push_back("p" + std::to_string(i));
  ids.push_back("facts1");
  return ids;
}

std::vector<std::pair<std::string, std::string>> Entries(const jisr::v1::FactBox& box) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& entry : box.entries()) entries.emplace_back(entry.label(), entry.value());
  return entries;
}

TEST(ScrapedArticleTest, EnglishSeedGivesEveryFieldExactly) {
  const std::string text = testing::ReadFileOrDie(testing::FixturePath("seed-article-en.txt"));
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(text, "en");
  ASSERT_TRUE(article.ok()) << article.status();
  const jisr::v1::Variant& variant = article->variant;

  EXPECT_EQ(variant.language(), "en");
  EXPECT_EQ(variant.hero_image().caption(),
            "Antony Blinken is the highest-ranking US official to visit Beijing since 2018.");
  EXPECT_EQ(variant.hero_image().credit(), "AFP");
  EXPECT_EQ(variant.hero_image().url(), "");
  EXPECT_EQ(variant.headline(),
            "US Secretary of State wraps up major trip to China with Xi Jinping meeting");
  EXPECT_EQ(variant.standfirst(), "");
  ASSERT_EQ(variant.byline_size(), 1);
  EXPECT_EQ(variant.byline(0).name(), "Willy Lowry");
  EXPECT_EQ(variant.byline(0).role(), "");

  EXPECT_THAT(
      ParagraphTexts(variant),
      ElementsAreArray(std::vector<std::string>{
          "The US Secretary of State secured a last-minute meeting with Chinese President Xi "
          "Jinping on Monday, capping a two-day diplomatic push aimed at stabilising relations "
          "between the two world powers.",
          "Washington and Beijing have been at odds under President Joe Biden, with tension "
          "mounting in recent months over Taiwan, security concerns and military close calls.",
          "In February, the US shot down an alleged high-altitude Chinese surveillance balloon "
          "after it flew over North America.",
          "And earlier this month, a Chinese warship sailed within 150 metres of an American "
          "destroyer and a Canadian frigate in the Taiwan Strait.",
          "Antony Blinken, who had already had to postpone his visit to China over the "
          "surveillance balloon incident, is the highest-ranking US official to visit Beijing "
          "since his predecessor Mike Pompeo in 2018.",
          "In addition to his 35-minute discussion with Mr Xi, the Secretary of State met Wang Yi, "
          "China’s top diplomat, as well as Foreign Minister Qin Gang",
          "Before setting off for Beijing, Washington had sought to temper expectations of the "
          "trip, with US officials telling reporters the visit was not about deliverables.",
          "China is Washington's top trading partner as well as its main competitor on the "
          "international stage, with Beijing expanding its influence from the Indo-Pacific to the "
          "Middle East and beyond.",
          "But Mr Blinken's meeting with the Chinese President shows how seriously both sides are "
          "taking the relationship.",
          "“We are clear-eyed about the challenges posed by the PRC [People's Republic of China],” "
          "Mr Blinken told reporters.",
          "“The United States will advance a vision for the future that we share with so many "
          "others: a free, open, stable and prosperous world with countries upholding and updating "
          "the rules-based order that has for years safeguarded peace and security globally.”",
          "Mr Xi said progress had been made during the Secretary of State’s trip.",
          "Mr Blinken said he had “candid” and “substantive” discussions while in China, and also "
          "reiterated Washington’s “One China” policy with regard to Taiwan, stressing that the US "
          "does “not support Taiwan independence”.",
          "But while the meetings may have helped to stabilise the relationship, Mr Blinken "
          "appears to have been unable to convince China to improve communications between their "
          "respective militaries.",
          "“The fact that there was not a willingness at least at the moment to resume the "
          "military-to-military channels is again an indication that they are not willing to "
          "accept competition and commit to managing that competition,” said Bonnie Glaser, "
          "director of the Asia programme at the German Marshall Fund of the United States.",
          "Ms Glaser said China views diplomacy through a completely different lens than the US "
          "and has been reluctant to publicly accept that the two countries are competitors.",
          "“They're really dug in on their own interpretation of what the relationship should be,” "
          "Ms Glaser told The National.",
          "“I think Xi Jinping does not want to accept that this is a very conflictual and "
          "contentious relationship because that would probably create more challenges for him "
          "domestically.”",
          "While no major diplomatic breakthroughs were achieved on the trip, both sides agreed to "
          "keep communication channels open and entertained the possibility of future diplomatic "
          "visits – something Ms Glaser called “important”.",
      }));
  EXPECT_THAT(BlockIds(variant), ElementsAreArray(ExpectedSeedIds()));

  const jisr::v1::Block& facts = variant.blocks(variant.blocks_size() - 1);
  ASSERT_TRUE(facts.has_fact_box());
  EXPECT_EQ(facts.fact_box().title(), "Company profile");
  EXPECT_THAT(
      Entries(facts.fact_box()),
      ElementsAre(
          std::pair<std::string, std::string>{
              "Date started", "Founded in May 2017 and operational since April 2018"},
          std::pair<std::string, std::string>{"Founders",
                                              "co-founder and chief executive, Doaa Aref; Dr Rasha "
                                              "Rady, co-founder and chief operating officer."},
          std::pair<std::string, std::string>{"Based", "Cairo, Egypt"},
          std::pair<std::string, std::string>{"Sector", "Health-tech"},
          std::pair<std::string, std::string>{"Size", "22 employees"},
          std::pair<std::string, std::string>{"Funding", "Seed funding"},
          std::pair<std::string, std::string>{"Investors",
                                              "Flat6labs, 500 Falcons, three angel investors"}));

  ASSERT_TRUE(article->update_time.has_value());
  EXPECT_EQ(*article->update_time, kSeedUpdateTime);
  // As PublishVariantRequest.publish_time will carry it.
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(
                google::protobuf::util::TimeUtil::SecondsToTimestamp(
                    absl::ToUnixSeconds(*article->update_time))),
            "2023-06-19T13:06:00Z");
  EXPECT_FALSE(article->publish_time.has_value());

  // Neither the dateline, the language switch nor a repeated caption reaches the body.
  for (const auto& block : variant.blocks()) {
    if (!block.has_paragraph()) continue;
    EXPECT_FALSE(absl::StrContains(block.paragraph().text(), "Updated")) << block.id();
    EXPECT_FALSE(absl::StrContains(block.paragraph().text(), "English")) << block.id();
    EXPECT_FALSE(absl::StrContains(block.paragraph().text(), "AFP")) << block.id();
    EXPECT_FALSE(block.paragraph().text().empty());
    EXPECT_EQ(block.paragraph().text().find('\n'), std::string::npos);
  }
  EXPECT_THAT(
      article->skipped_lines,
      ::testing::UnorderedElementsAre(
          "Antony Blinken is the highest-ranking US official to visit Beijing since 2018. AFP",
          "Antony Blinken is the highest-ranking US official to visit Beijing since 2018. AFP",
          "Antony Blinken is the highest-ranking US official to visit Beijing since 2018. AFP",
          "• English", "• Arabic"));
}

TEST(ScrapedArticleTest, ArabicTranslationGivesEveryFieldAndTheSameIds) {
  const std::string text = testing::ReadFileOrDie(testing::FixturePath("seed-article-ar.txt"));
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(text, "ar");
  ASSERT_TRUE(article.ok()) << article.status();
  const jisr::v1::Variant& variant = article->variant;

  EXPECT_EQ(variant.language(), "ar");
  EXPECT_EQ(variant.hero_image().caption(),
            "أنتوني بلينكن أرفع مسؤول أميركي يزور بكين منذ عام 2018.");
  EXPECT_EQ(variant.hero_image().credit(), "أ ف ب");
  EXPECT_EQ(variant.headline(),
            "وزير الخارجية الأميركي يختتم زيارة مهمة إلى الصين بلقاء مع شي جين بينغ");
  ASSERT_EQ(variant.byline_size(), 1);
  EXPECT_EQ(variant.byline(0).name(), "ويلي لوري");

  EXPECT_THAT(
      ParagraphTexts(variant),
      ElementsAreArray(std::vector<std::string>{
          "حصل وزير الخارجية الأميركي يوم الاثنين على لقاء في اللحظة الأخيرة مع الرئيس الصيني شي "
          "جين بينغ، تتويجًا لمسعى دبلوماسي استمر يومين بهدف تحقيق الاستقرار في العلاقات بين "
          "القوتين العالميتين.",
          "وتسود الخلافات بين واشنطن وبكين في عهد الرئيس جو بايدن، إذ تصاعد التوتر في الأشهر "
          "الأخيرة بشأن تايوان والمخاوف الأمنية وحوادث عسكرية كادت تقع.",
          "وفي فبراير، أسقطت الولايات المتحدة منطادًا صينيًا يُزعم أنه للمراقبة على ارتفاعات عالية "
          "بعد أن حلّق فوق أميركا الشمالية.",
          "وفي وقت سابق من هذا الشهر، أبحرت سفينة حربية صينية على بُعد 150 مترًا من مدمرة أميركية "
          "وفرقاطة كندية في مضيق تايوان.",
          "ويُعد أنتوني بلينكن، الذي اضطر من قبل إلى تأجيل زيارته إلى الصين بسبب حادثة منطاد "
          "المراقبة، أرفع مسؤول أميركي يزور بكين منذ زيارة سلفه مايك بومبيو في عام 2018.",
          "وإلى جانب محادثته مع السيد شي التي استمرت 35 دقيقة، التقى وزير الخارجية وانغ يي، كبير "
          "الدبلوماسيين في الصين، وكذلك وزير الخارجية تشين غانغ.",
          "وقبل التوجه إلى بكين، سعت واشنطن إلى خفض سقف التوقعات من الزيارة، إذ قال مسؤولون "
          "أميركيون للصحافيين إن الزيارة لا تهدف إلى تحقيق نتائج ملموسة.",
          "والصين هي الشريك التجاري الأول لواشنطن ومنافستها الرئيسية على الساحة الدولية، فيما توسّع "
          "بكين نفوذها من منطقة المحيطين الهندي والهادئ إلى الشرق الأوسط وما وراءه.",
          "لكن لقاء السيد بلينكن مع الرئيس الصيني يُظهر مدى الجدية التي يتعامل بها الجانبان مع "
          "العلاقة بينهما.",
          "«نحن ندرك بوضوح التحديات التي تفرضها PRC [جمهورية الصين الشعبية]»، قال السيد بلينكن "
          "للصحافيين.",
          "«ستمضي الولايات المتحدة قدمًا في رؤية للمستقبل نتشاركها مع كثيرين غيرنا: عالم حر ومنفتح "
          "ومستقر ومزدهر، تتمسك فيه الدول بالنظام القائم على القواعد وتعمل على تحديثه، وهو النظام "
          "الذي صان السلام والأمن في العالم على مدى سنوات.»",
          "وقال السيد شي إن تقدمًا أُحرز خلال زيارة وزير الخارجية.",
          "وقال السيد بلينكن إنه أجرى مناقشات «صريحة» و«جوهرية» خلال وجوده في الصين، وجدّد كذلك "
          "التأكيد على سياسة «الصين الواحدة» التي تنتهجها واشنطن فيما يتعلق بتايوان، مشددًا على أن "
          "الولايات المتحدة «لا تدعم استقلال تايوان».",
          "ولكن في حين ربما ساعدت الاجتماعات على تحقيق الاستقرار في العلاقة، يبدو أن السيد بلينكن "
          "لم يتمكن من إقناع الصين بتحسين الاتصالات بين جيشي البلدين.",
          "«إن عدم وجود رغبة، في الوقت الراهن على الأقل، في استئناف قنوات الاتصال العسكرية "
          "المباشرة هو مؤشر آخر على أنهم غير مستعدين لقبول المنافسة والالتزام بإدارة تلك "
          "المنافسة»، قالت بوني غلاسر، مديرة برنامج آسيا في صندوق مارشال الألماني للولايات "
          "المتحدة.",
          "وقالت السيدة غلاسر إن الصين تنظر إلى الدبلوماسية من منظور مختلف تمامًا عن منظور الولايات "
          "المتحدة، وإنها تتردد في الإقرار علنًا بأن البلدين متنافسان.",
          "«إنهم متمسكون حقًا بتفسيرهم الخاص لما ينبغي أن تكون عليه العلاقة»، قالت السيدة غلاسر "
          "لصحيفة «ذا ناشيونال».",
          "«أعتقد أن شي جين بينغ لا يريد الإقرار بأن هذه علاقة يشوبها الكثير من الصراع والخلاف، "
          "لأن ذلك سيخلق له على الأرجح مزيدًا من التحديات على الصعيد الداخلي.»",
          "ورغم عدم تحقيق أي اختراقات دبلوماسية كبرى خلال الزيارة، اتفق الجانبان على إبقاء قنوات "
          "الاتصال مفتوحة وبحثا إمكانية القيام بزيارات دبلوماسية في المستقبل – وهو أمر وصفته "
          "السيدة غلاسر بأنه «مهم».",
      }));
  // One Arabic block per English block, with the same ids: the translation aligns by id.
  EXPECT_THAT(BlockIds(variant), ElementsAreArray(ExpectedSeedIds()));

  const jisr::v1::Block& facts = variant.blocks(variant.blocks_size() - 1);
  ASSERT_TRUE(facts.has_fact_box());
  EXPECT_EQ(facts.fact_box().title(), "لمحة عن الشركة");
  EXPECT_THAT(Entries(facts.fact_box()),
              ElementsAre(
                  std::pair<std::string, std::string>{
                      "تاريخ البدء", "تأسست في مايو 2017 وبدأت العمل في أبريل 2018"},
                  std::pair<std::string, std::string>{
                      "المؤسسون",
                      "الشريكة المؤسسة والرئيسة التنفيذية دعاء عارف؛ "
                      "والدكتورة رشا راضي، الشريكة المؤسسة ورئيسة العمليات."},
                  std::pair<std::string, std::string>{"المقر", "القاهرة، مصر"},
                  std::pair<std::string, std::string>{"القطاع", "التكنولوجيا الصحية"},
                  std::pair<std::string, std::string>{"الحجم", "22 موظفًا"},
                  std::pair<std::string, std::string>{"التمويل", "تمويل أولي"},
                  std::pair<std::string, std::string>{
                      "المستثمرون", "Flat6labs، و500 Falcons، وثلاثة مستثمرين ملائكيين"}));

  ASSERT_TRUE(article->update_time.has_value());
  EXPECT_EQ(*article->update_time, kSeedUpdateTime);
  EXPECT_THAT(article->skipped_lines, ::testing::Contains("• العربية"));
}

TEST(ScrapedArticleTest, SameInputGivesSameResult) {
  const std::string text = testing::ReadFileOrDie(testing::FixturePath("seed-article-en.txt"));
  absl::StatusOr<ImportedArticle> first = ParseScrapedArticle(text, "en");
  absl::StatusOr<ImportedArticle> second = ParseScrapedArticle(text, "en");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->variant.SerializeAsString(), second->variant.SerializeAsString());
}

TEST(ScrapedArticleTest, ArabicDatelineWithArabicIndicDigitsAndMorning) {
  const std::string text =
      "العنوان الرئيسي\n\nفقرة أولى.\n\nتاريخ التحديث: ١٩ يونيو ٢٠٢٣، ٥:٠٦ ص\n";
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(text, "ar");
  ASSERT_TRUE(article.ok()) << article.status();
  ASSERT_TRUE(article->update_time.has_value());
  EXPECT_EQ(*article->update_time,
            absl::FromCivil(absl::CivilMinute(2023, 6, 19, 1, 6), absl::UTCTimeZone()));
  EXPECT_THAT(ParagraphTexts(article->variant), ElementsAre("فقرة أولى."));
  EXPECT_FALSE(article->variant.has_hero_image());
}

TEST(ScrapedArticleTest, OneLineLanguageSwitchInEitherLanguageIsNavigation) {
  for (const char* language_switch : {"English • العربية", "English • Arabic", "EN | AR"}) {
    const std::string text = std::string("Headline here\n\nJane Doe and John Roe\n") +
                             language_switch + "\n\nFirst paragraph.\n";
    absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(text, "en");
    ASSERT_TRUE(article.ok()) << article.status();
    EXPECT_THAT(ParagraphTexts(article->variant), ElementsAre("First paragraph."))
        << language_switch;
    ASSERT_EQ(article->variant.byline_size(), 2);
    EXPECT_EQ(article->variant.byline(1).name(), "John Roe");
  }
}

TEST(ScrapedArticleTest, LinesDirectlyUnderOneAnotherAreOneParagraph) {
  absl::StatusOr<ImportedArticle> article =
      ParseScrapedArticle("Headline\n\nFirst half\nsecond half.\n\r\nNext.", "en");
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_THAT(ParagraphTexts(article->variant), ElementsAre("First half second half.", "Next."));
  EXPECT_THAT(BlockIds(article->variant), ElementsAre("p1", "p2"));
}

TEST(ScrapedArticleTest, SingleCaptionLineWithCreditIsTheHeroImage) {
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(
      "Crowds in Abu Dhabi on Saturday. Photo: Reuters\nThe headline\n\nBody.", "en");
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->variant.hero_image().caption(), "Crowds in Abu Dhabi on Saturday.");
  EXPECT_EQ(article->variant.hero_image().credit(), "Reuters");
  EXPECT_EQ(article->variant.headline(), "The headline");
}

TEST(ScrapedArticleTest, NoHeadlineIsAClearError) {
  for (const char* text : {"", "\n\n   \n", "Caption. AFP\nCaption. AFP\n"}) {
    absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(text, "en");
    ASSERT_FALSE(article.ok());
    EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(article.status().message(), HasSubstr("no headline found: "));
    EXPECT_THAT(article.status().message(), HasSubstr("the headline on its own line"));
  }
}

TEST(ScrapedArticleTest, BodyTextWhereTheHeadlineShouldBeIsAnError) {
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle(std::string(400, 'x'), "en");
  ASSERT_FALSE(article.ok());
  EXPECT_THAT(article.status().message(), HasSubstr("400 characters long"));
}

TEST(ScrapedArticleTest, UnreadableDatelineIsAnErrorThatQuotesIt) {
  absl::StatusOr<ImportedArticle> article =
      ParseScrapedArticle("Headline\n\nBody.\n\nUpdated: Junr 19, 2023, 5:06 PM", "en");
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(article.status().message(), HasSubstr("\"Junr\""));
  EXPECT_THAT(article.status().message(), HasSubstr("Updated: June 19, 2023, 5:06 PM"));
}

TEST(ScrapedArticleTest, ProseStartingWithUpdatedIsAParagraph) {
  absl::StatusOr<ImportedArticle> article =
      ParseScrapedArticle("Headline\n\nUpdated: the guidance changed again.", "en");
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_THAT(ParagraphTexts(article->variant),
              ElementsAre("Updated: the guidance changed again."));
}

TEST(ScrapedArticleTest, RejectsBadLanguageAndNonUtf8) {
  EXPECT_THAT(ParseScrapedArticle("Headline", "english").status().message(),
              HasSubstr("such as \"en\" or \"ar\""));
  absl::StatusOr<ImportedArticle> article = ParseScrapedArticle("Head\xC3line", "en");
  ASSERT_FALSE(article.ok());
  EXPECT_THAT(article.status().message(), HasSubstr("offset 4"));
}

}  // namespace
}  // namespace jisr::import
