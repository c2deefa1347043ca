// Name resolution inside one document (internal/resolve.h).
#include "extract/internal/resolve.h"

#include <gtest/gtest.h>

namespace minutebook::extract::internal {
namespace {

PersonPool Pool(std::initializer_list<const char*> names) {
  PersonPool pool;
  for (const char* n : names) pool.Add(n);
  return pool;
}

TEST(PersonPool, FirstNameAloneResolvesToTheOnePerson) {
  auto pool = Pool({"Clare Brutton", "Amolak Tatter", "Stuart Bell"});
  EXPECT_EQ(pool.Resolve("Clare", false), "Clare Brutton");
  EXPECT_EQ(pool.Resolve("Amolak", false), "Amolak Tatter");
}

TEST(PersonPool, SurnameAfterATitle) {
  auto pool = Pool({"Syed Ghani", "Maureen Worby"});
  EXPECT_EQ(pool.Resolve("Ghani", true), "Syed Ghani");
  EXPECT_EQ(pool.Resolve("Ghani", false), std::nullopt);  // a bare word is a first name
}

TEST(PersonPool, ShortAndLongFormsOfAFirstName) {
  auto pool = Pool({"Steve Calder", "Angie Fuller"});
  EXPECT_EQ(pool.Resolve("Steven Calder", false), "Steve Calder");
  EXPECT_EQ(Pool({"Steven Calder"}).Resolve("Steve Calder", false), "Steven Calder");
}

TEST(PersonPool, NameThatIsASuffixOfOneFirstName) {
  auto pool = Pool({"Ilirjeta Buzoku", "Clare Brutton"});
  EXPECT_EQ(pool.Resolve("Jeta", false), "Ilirjeta Buzoku");
  EXPECT_EQ(pool.Resolve("Jeta Buzoku", false), "Ilirjeta Buzoku");
}

TEST(PersonPool, EmailAddressGivesTheLongForm) {
  PersonPool pool;
  pool.AddEmail("matthew.feather@met.police.uk");
  EXPECT_EQ(pool.Resolve("Matt Feather", false), "Matthew Feather");
  EXPECT_EQ(pool.Resolve("Matt", false), "Matthew Feather");
}

TEST(PersonPool, WrittenNameReplacesTheOneFromAnAddress) {
  PersonPool pool;
  pool.AddEmail("angela.durso@lbbd.gov.uk");
  pool.Add("Angela D'Urso");
  EXPECT_EQ(pool.names(), std::vector<std::string>{"Angela D'Urso"});
  pool.AddEmail("csp@lbbd.gov.uk");  // no first.last form
  pool.AddEmail("alexandra.joseph2@victimsupport.org.uk");
  EXPECT_EQ(pool.Resolve("Alexandra", false), "Alexandra Joseph");
}

TEST(PersonPool, InitialAndSurname) {
  auto pool = Pool({"Owen Williams", "Alun Davies", "Kim Davies"});
  EXPECT_EQ(pool.Resolve("O. Williams", false), "Owen Williams");
  EXPECT_EQ(pool.Resolve("A Davies", false), "Alun Davies");
  Resolution kind;
  EXPECT_EQ(pool.Resolve("Davies", true, &kind), std::nullopt);
  EXPECT_EQ(kind, Resolution::kAmbiguous);
}

TEST(PersonPool, InitialsInCapitals) {
  auto pool = Pool({"James Graham", "Chris Jones", "Chris Ellis"});
  EXPECT_EQ(pool.Resolve("JG", false), "James Graham");
  EXPECT_EQ(pool.Resolve("CJ", false), "Chris Jones");
  EXPECT_EQ(pool.Resolve("MW", false), std::nullopt);
}

TEST(PersonPool, AmbiguousFirstNameStaysUnresolved) {
  auto pool = Pool({"Chris Lyons", "Chris Jones"});
  Resolution kind;
  EXPECT_EQ(pool.Resolve("Chris", false, &kind), std::nullopt);
  EXPECT_EQ(kind, Resolution::kAmbiguous);
  EXPECT_EQ(pool.Resolve("Chris Lyons", false), "Chris Lyons");
}

TEST(PersonPool, UnknownNameIsNone) {
  auto pool = Pool({"Chris Lyons"});
  Resolution kind;
  EXPECT_EQ(pool.Resolve("Yasir", false, &kind), std::nullopt);
  EXPECT_EQ(kind, Resolution::kNone);
}

TEST(FirstNamesCompatible, Forms) {
  EXPECT_TRUE(FirstNamesCompatible("steve", "steven"));
  EXPECT_TRUE(FirstNamesCompatible("jeta", "ilirjeta"));
  EXPECT_TRUE(FirstNamesCompatible("o", "owen"));
  EXPECT_FALSE(FirstNamesCompatible("al", "alun"));  // two letters are too few
  EXPECT_FALSE(FirstNamesCompatible("clare", "claire"));
}

}  // namespace
}  // namespace minutebook::extract::internal
