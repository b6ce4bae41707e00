"""GB 11643 ID numbers: the check digit is verified, a wrong number gets a clear Chinese error; passwords checked."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from volunteers.validators import id_number_check_char, validate_id_number


class IdNumberTests(SimpleTestCase):
    def messages(self, value):
        with self.assertRaises(ValidationError) as raised:
            validate_id_number(value)
        return raised.exception.messages

    def test_the_check_character_follows_gb_11643(self):
        # The standard's own examples: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → "10X98765432".
        self.assertEqual(id_number_check_char("11010519491231002"), "X")
        self.assertEqual(id_number_check_char("44052418800101001"), "4")

    def test_valid_numbers_pass_with_a_capital_or_small_x(self):
        for value in ["11010519491231002X", "11010519491231002x", "440524188001010014"]:
            with self.subTest(value=value):
                validate_id_number(value)

    def test_a_wrong_check_digit_is_refused_in_chinese(self):
        self.assertEqual(self.messages("110105194912310021"), ["身份证号码的校验位不正确，请核对号码。"])

    def test_a_number_of_the_wrong_shape_is_refused_in_chinese(self):
        for value in ["1101051949123100", "11010519491231002Y", "１１０１０５１９４９１２３１００２X"]:
            with self.subTest(value=value):
                self.assertEqual(self.messages(value), ["身份证号码为 18 位：前 17 位为数字，最后一位为数字或 X。"])


class PasswordValidatorTests(TestCase):
    def test_short_common_and_numeric_passwords_are_refused(self):
        for password in ["abc123", "password123", "12345678901234"]:
            with self.subTest(password=password), self.assertRaises(ValidationError):
                validate_password(password)
        validate_password("correct horse battery staple")


class PhoneTests(SimpleTestCase):
    def test_full_width_digits_are_not_a_phone_number(self):
        from volunteers.validators import validate_phone

        validate_phone("13812341234")
        with self.assertRaises(ValidationError):
            validate_phone("１３８１２３４１２３４")
